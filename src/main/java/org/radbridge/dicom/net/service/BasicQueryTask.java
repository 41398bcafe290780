package org.radbridge.dicom.net.service;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.net.DicomServiceException;

/**
 * A {@link QueryTask} template: subclasses produce full matches with {@link #next()}; each is reduced to
 * the request's keys by {@link ReturnKeys#project} and given the response Specific Character Set
 * (the configured one, else the request's when it can hold the match, else ISO_IR 192:
 * {@link SpecificCharacterSet#forResponse(Attributes, String, String...)}, PS3.4 C.4.1.1.3.2).
 */
public abstract class BasicQueryTask implements QueryTask {

    protected final Attributes keys;
    private final String responseCharacterSet;
    private volatile boolean canceled;

    /** @param responseCharacterSet an explicit choice, e.g. "ISO_IR 100", or null to follow the request per match */
    protected BasicQueryTask(Attributes keys, String responseCharacterSet) {
        this.keys = keys;
        this.responseCharacterSet = responseCharacterSet;
    }

    /** The next full match (null to skip one). */
    protected abstract Attributes next() throws DicomServiceException;

    @Override
    public final Attributes nextMatch() throws DicomServiceException {
        Attributes m = next();
        return m == null ? null : adjust(m);
    }

    /** Return-key projection plus character set; override to add or mask attributes. */
    protected Attributes adjust(Attributes match) {
        Attributes r = ReturnKeys.project(match, keys);
        return SpecificCharacterSet.apply(r, SpecificCharacterSet.forResponse(r, responseCharacterSet,
                keys.getStrings(org.radbridge.dicom.Tag.SpecificCharacterSet)));
    }

    @Override
    public void cancel() {
        canceled = true;
    }

    public boolean isCanceled() {
        return canceled;
    }
}
