package org.radbridge.worklist.query;

/** The columns of worklist_items a query reads (matching keys plus identity), in SELECT order. */
public enum Column {
    ID("id"), STUDY_UID("study_uid"), SPS_ID("sps_id"), PATIENT_ID("patient_id"),
    ISSUER_OF_PATIENT_ID("issuer_of_patient_id"), PATIENT_NAME("patient_name"), BIRTH_DATE("birth_date"), SEX("sex"),
    ACCESSION("accession"), REQUESTED_PROCEDURE_ID("requested_procedure_id"), REFERRING_PHYSICIAN("referring_physician"),
    REQUESTING_PHYSICIAN("requesting_physician"), ADMISSION_ID("admission_id"), PRIORITY("priority"),
    MODALITY("modality"), STATION_AES("station_aes"), STATION_NAME("station_name"), SPS_LOCATION("sps_location"),
    SPS_START("sps_start"), SPS_START_TIME("sps_start_time"), PERFORMING_PHYSICIAN("performing_physician"),
    SPS_STATUS("sps_status");

    public final String sql;

    Column(String sql) {
        this.sql = sql;
    }

    /** The column holding the upper-cased value for case-insensitive person name matching, or null. */
    public String ciColumn() {
        return switch (this) {
            case PATIENT_NAME -> "patient_name_ci";
            case REFERRING_PHYSICIAN -> "referring_physician_ci";
            case REQUESTING_PHYSICIAN -> "requesting_physician_ci";
            case PERFORMING_PHYSICIAN -> "performing_physician_ci";
            default -> null;
        };
    }

    public static String selectList() {
        StringBuilder sb = new StringBuilder();
        for (Column c : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.sql);
        }
        return sb.toString();
    }
}
