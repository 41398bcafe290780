package org.radbridge.worklist;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.VR;

/**
 * What RadBridge knows about an item beyond its DICOM attributes, shown in GET /api/worklist as a private
 * attribute block (PS3.5 7.8, so the answer stays DICOM JSON): Private Creator (0071,0010) "RADBRIDGE",
 * (0071,1001) CS item state "EXPIRED" and (0071,1002) DT the time it expired (UTC), present only on expired
 * items (SCHEDULED and more than radbridge.worklist.expire-after-hours past their start). Expiry is not an SPS
 * Status: the item keeps its status (0040,0020). Never added to C-FIND answers or .wl files.
 */
public final class ItemState {

    public static final int PRIVATE_CREATOR = 0x00710010;
    public static final int STATE = 0x00711001;
    public static final int EXPIRED_AT = 0x00711002;
    public static final String CREATOR = "RADBRIDGE";
    public static final String EXPIRED = "EXPIRED";

    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'+0000'").withZone(ZoneOffset.UTC);

    private ItemState() {
    }

    /** The item's data set for the API: a copy with the private state block when it is expired. */
    public static Attributes forApi(WorklistItem it) {
        if (it.expiredAt() == null) {
            return it.dataset();
        }
        Attributes a = it.dataset().copy();
        a.setString(PRIVATE_CREATOR, VR.LO, CREATOR);
        a.setString(STATE, VR.CS, EXPIRED);
        a.setString(EXPIRED_AT, VR.DT, DT.format(Instant.ofEpochMilli(it.expiredAt())));
        return a;
    }
}
