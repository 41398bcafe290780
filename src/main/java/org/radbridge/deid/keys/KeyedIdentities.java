package org.radbridge.deid.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed scheme of pseudonymized-research (design.md §6): one HMAC-SHA-256 under radbridge.deid.key
 * with domain separation — the MAC input is {@code "radbridge-deid/v1" US function US domain US value}
 * (US = 0x1F) — for codes, UIDs, UUIDs and the per-patient date shift. No table: the same key gives the
 * same results in every instance, for HL7 v2, FHIR and DICOM; another key gives unrelated ones. The key
 * id (a MAC of a fixed label, not the key) is recorded in the audit so a key can be rotated.
 */
public final class KeyedIdentities implements Identities {

    /** Shortest accepted key: 32 bytes (256 bits, the HMAC-SHA-256 block recommendation of RFC 2104 §3). */
    public static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final int shiftRange;
    private final String keyId;
    private final ThreadLocal<Mac> mac;

    public KeyedIdentities(byte[] key, int shiftRangeDays) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the de-identification key must have at least " + MIN_KEY_BYTES
                    + " bytes, has " + key.length);
        }
        if (shiftRangeDays < 1) {
            throw new IllegalArgumentException("the date shift range must be at least 1 day");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.shiftRange = shiftRangeDays;
        this.mac = ThreadLocal.withInitial(this::newMac);
        this.keyId = "hmac-sha256:" + HexFormat.of().formatHex(mac("key-id", "", "radbridge")).substring(0, 16);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    byte[] mac(String function, String domain, String value) {
        Mac m = mac.get();
        m.update("radbridge-deid/v1".getBytes(StandardCharsets.US_ASCII));
        m.update((byte) 0x1F);
        m.update(function.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0x1F);
        m.update(domain.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0x1F);
        return m.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String code(String domain, String value) {
        return Codes.format(domain, mac("code", domain, value));
    }

    @Override
    public String uid(String uid) {
        return Codes.uid(mac("uid", "", uid));
    }

    @Override
    public String uuid(String value) {
        return Codes.uuid(mac("uuid", "", value));
    }

    @Override
    public int dateShiftDays(String patientKey) {
        return Codes.shift(mac("date-shift", "", patientKey), shiftRange);
    }

    @Override
    public String keyId() {
        return keyId;
    }
}
