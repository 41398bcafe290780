package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;

/** Error Comment (0000,0902) is LO in the default repertoire: never over 64 characters, no control characters or backslash. */
class ErrorCommentTest {

    @Test
    void errorCommentIsAValidLo() {
        String longText = "x".repeat(100);
        Attributes rsp = new DicomServiceException(Status.PROCESSING_FAILURE, longText).toResponse(Dimse.nCreateRQ(1, "1.2", "1.2.3"));
        String c = rsp.getString(Tag.ErrorComment);
        assertEquals(64, c.length());
        assertEquals("x".repeat(61) + "...", c);
        assertEquals("a?b?c?d", DicomServiceException.errorComment("a\\b\nc\u00e9d"));
        assertEquals("fits exactly " + "y".repeat(51), DicomServiceException.errorComment("fits exactly " + "y".repeat(51)));
        assertNull(DicomServiceException.errorComment(""));
    }
}
