package org.radbridge.dicom.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.radbridge.dicom.Attributes;

/**
 * The responses of one C-FIND request (PS3.7 9.1.2) as they arrive: pending responses with matches,
 * then the final one. {@link #cancel()} sends a C-CANCEL-RQ (PS3.7 9.3.2.3); the SCP then ends with
 * status Cancel (FE00).
 */
public final class FindResponses implements DimseResponseHandler {

    private static final Object END = new Object();

    private final Association as;
    private final int msgId;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private DimseResponse finalResponse;
    private IOException failure;
    private Object peeked;
    private volatile boolean cancelSent;

    FindResponses(Association as, int msgId) {
        this.as = as;
        this.msgId = msgId;
    }

    @Override
    public void onResponse(DimseResponse response) {
        queue.add(response);
    }

    @Override
    public void onFailure(IOException cause) {
        queue.add(cause);
    }

    /** True if another pending response (a match) follows; blocks up to the response timeout. */
    public boolean hasNext() throws IOException, InterruptedException {
        if (peeked == null) {
            peeked = take();
        }
        if (peeked instanceof DimseResponse r && r.isPending()) {
            return true;
        }
        if (peeked instanceof DimseResponse r) {
            finalResponse = r;
        } else if (peeked instanceof IOException e) {
            failure = e;
        }
        peeked = END;
        if (failure != null) {
            throw failure;
        }
        return false;
    }

    /** The next pending response; its {@link DimseResponse#data()} is the match. */
    public DimseResponse next() throws IOException, InterruptedException {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        DimseResponse r = (DimseResponse) peeked;
        peeked = null;
        return r;
    }

    /** Sends C-CANCEL-RQ for this request (once). Keep reading until the final response. */
    public void cancel() throws IOException {
        if (!cancelSent) {
            cancelSent = true;
            as.writeDimse(as.presentationContextForMessage(msgId), Dimse.cCancelRQ(msgId), null);
        }
    }

    /** Reads all remaining responses and returns the final one. */
    public DimseResponse finalResponse() throws IOException, InterruptedException {
        while (hasNext()) {
            next();
        }
        return finalResponse;
    }

    /** Reads all remaining matches (data sets of the pending responses). */
    public List<Attributes> matches() throws IOException, InterruptedException {
        List<Attributes> out = new ArrayList<>();
        while (hasNext()) {
            out.add(next().data());
        }
        return out;
    }

    private Object take() throws IOException, InterruptedException {
        if (peeked == END) {
            return END;
        }
        int t = as.settings().responseTimeout();
        Object o = t > 0 ? queue.poll(t, TimeUnit.MILLISECONDS) : queue.take();
        if (o == null) {
            as.abort();
            throw new AssociationException("no C-FIND response within " + t + " ms", null, null);
        }
        return o;
    }
}
