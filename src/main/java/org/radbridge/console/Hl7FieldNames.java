package org.radbridge.console;

import java.util.Map;

/**
 * Names of HL7 v2 segments and fields for the message view's hover titles ("PID-5 Patient Name"): the segments of
 * radiology orders, reports, ADT and acknowledgements, field names as in HL7 v2.5.1 chapters 2, 3, 4, 4A and 7
 * (MSH, MSA, ERR: 2.14; EVN, PID, PD1, PV1, MRG: 3.4; ORC, OBR, TQ1: 4.5; IPC: 4.5.6 (v2.5 4A), OBX: 7.4; NTE: 2.14).
 */
final class Hl7FieldNames {

    private Hl7FieldNames() {
    }

    static final Map<String, String> SEGMENTS = Map.ofEntries(
            Map.entry("MSH", "Message Header"), Map.entry("MSA", "Message Acknowledgment"), Map.entry("ERR", "Error"),
            Map.entry("EVN", "Event Type"), Map.entry("PID", "Patient Identification"),
            Map.entry("PD1", "Patient Additional Demographic"), Map.entry("PV1", "Patient Visit"),
            Map.entry("PV2", "Patient Visit - Additional Information"), Map.entry("MRG", "Merge Patient Information"),
            Map.entry("ORC", "Common Order"), Map.entry("OBR", "Observation Request"), Map.entry("OBX", "Observation/Result"),
            Map.entry("NTE", "Notes and Comments"), Map.entry("TQ1", "Timing/Quantity"),
            Map.entry("IPC", "Imaging Procedure Control"), Map.entry("AL1", "Patient Allergy Information"),
            Map.entry("DG1", "Diagnosis"), Map.entry("ZDS", "Study Instance UID (Z segment, IHE SWF)"),
            Map.entry("IN1", "Insurance"), Map.entry("GT1", "Guarantor"), Map.entry("NK1", "Next of Kin"));

    private static final Map<String, String[]> FIELDS = Map.ofEntries(
            Map.entry("MSH", new String[] {"Field Separator", "Encoding Characters", "Sending Application", "Sending Facility",
                "Receiving Application", "Receiving Facility", "Date/Time of Message", "Security", "Message Type",
                "Message Control ID", "Processing ID", "Version ID", "Sequence Number", "Continuation Pointer",
                "Accept Acknowledgment Type", "Application Acknowledgment Type", "Country Code", "Character Set",
                "Principal Language of Message", "Alternate Character Set Handling Scheme", "Message Profile Identifier"}),
            Map.entry("MSA", new String[] {"Acknowledgment Code", "Message Control ID", "Text Message",
                "Expected Sequence Number", "Delayed Acknowledgment Type", "Error Condition"}),
            Map.entry("ERR", new String[] {"Error Code and Location", "Error Location", "HL7 Error Code", "Severity",
                "Application Error Code", "Application Error Parameter", "Diagnostic Information", "User Message",
                "Inform Person Indicator", "Override Type", "Override Reason Code", "Help Desk Contact Point"}),
            Map.entry("EVN", new String[] {"Event Type Code", "Recorded Date/Time", "Date/Time Planned Event",
                "Event Reason Code", "Operator ID", "Event Occurred", "Event Facility"}),
            Map.entry("PID", new String[] {"Set ID - PID", "Patient ID", "Patient Identifier List", "Alternate Patient ID",
                "Patient Name", "Mother's Maiden Name", "Date/Time of Birth", "Administrative Sex", "Patient Alias", "Race",
                "Patient Address", "County Code", "Phone Number - Home", "Phone Number - Business", "Primary Language",
                "Marital Status", "Religion", "Patient Account Number", "SSN Number - Patient",
                "Driver's License Number - Patient", "Mother's Identifier", "Ethnic Group", "Birth Place",
                "Multiple Birth Indicator", "Birth Order", "Citizenship", "Veterans Military Status", "Nationality",
                "Patient Death Date and Time", "Patient Death Indicator", "Identity Unknown Indicator",
                "Identity Reliability Code", "Last Update Date/Time", "Last Update Facility", "Species Code", "Breed Code",
                "Strain", "Production Class Code", "Tribal Citizenship"}),
            Map.entry("PD1", new String[] {"Living Dependency", "Living Arrangement", "Patient Primary Facility",
                "Patient Primary Care Provider", "Student Indicator", "Handicap", "Living Will Code", "Organ Donor Code",
                "Separate Bill", "Duplicate Patient", "Publicity Code", "Protection Indicator"}),
            Map.entry("PV1", new String[] {"Set ID - PV1", "Patient Class", "Assigned Patient Location", "Admission Type",
                "Preadmit Number", "Prior Patient Location", "Attending Doctor", "Referring Doctor", "Consulting Doctor",
                "Hospital Service", "Temporary Location", "Preadmit Test Indicator", "Re-admission Indicator",
                "Admit Source", "Ambulatory Status", "VIP Indicator", "Admitting Doctor", "Patient Type", "Visit Number",
                "Financial Class", "Charge Price Indicator", "Courtesy Code", "Credit Rating", "Contract Code",
                "Contract Effective Date", "Contract Amount", "Contract Period", "Interest Code",
                "Transfer to Bad Debt Code", "Transfer to Bad Debt Date", "Bad Debt Agency Code",
                "Bad Debt Transfer Amount", "Bad Debt Recovery Amount", "Delete Account Indicator", "Delete Account Date",
                "Discharge Disposition", "Discharged to Location", "Diet Type", "Servicing Facility", "Bed Status",
                "Account Status", "Pending Location", "Prior Temporary Location", "Admit Date/Time",
                "Discharge Date/Time", "Current Patient Balance", "Total Charges", "Total Adjustments", "Total Payments",
                "Alternate Visit ID", "Visit Indicator", "Other Healthcare Provider"}),
            Map.entry("MRG", new String[] {"Prior Patient Identifier List", "Prior Alternate Patient ID",
                "Prior Patient Account Number", "Prior Patient ID", "Prior Visit Number", "Prior Alternate Visit ID",
                "Prior Patient Name"}),
            Map.entry("ORC", new String[] {"Order Control", "Placer Order Number", "Filler Order Number",
                "Placer Group Number", "Order Status", "Response Flag", "Quantity/Timing", "Parent",
                "Date/Time of Transaction", "Entered By", "Verified By", "Ordering Provider", "Enterer's Location",
                "Call Back Phone Number", "Order Effective Date/Time", "Order Control Code Reason", "Entering Organization",
                "Entering Device", "Action By", "Advanced Beneficiary Notice Code", "Ordering Facility Name",
                "Ordering Facility Address", "Ordering Facility Phone Number", "Ordering Provider Address",
                "Order Status Modifier", "Advanced Beneficiary Notice Override Reason", "Filler's Expected Availability Date/Time",
                "Confidentiality Code", "Order Type", "Enterer Authorization Mode", "Parent Universal Service Identifier"}),
            Map.entry("OBR", new String[] {"Set ID - OBR", "Placer Order Number", "Filler Order Number",
                "Universal Service Identifier", "Priority - OBR", "Requested Date/Time", "Observation Date/Time",
                "Observation End Date/Time", "Collection Volume", "Collector Identifier", "Specimen Action Code",
                "Danger Code", "Relevant Clinical Information", "Specimen Received Date/Time", "Specimen Source",
                "Ordering Provider", "Order Callback Phone Number", "Placer Field 1 (Accession Number)",
                "Placer Field 2 (Requested Procedure ID)", "Filler Field 1 (Scheduled Procedure Step ID)", "Filler Field 2",
                "Results Rpt/Status Chng - Date/Time", "Charge to Practice", "Diagnostic Serv Sect ID (Modality)",
                "Result Status", "Parent Result", "Quantity/Timing", "Result Copies To", "Parent",
                "Transportation Mode", "Reason for Study", "Principal Result Interpreter", "Assistant Result Interpreter",
                "Technician", "Transcriptionist", "Scheduled Date/Time", "Number of Sample Containers",
                "Transport Logistics of Collected Sample", "Collector's Comment", "Transport Arrangement Responsibility",
                "Transport Arranged", "Escort Required", "Planned Patient Transport Comment", "Procedure Code",
                "Procedure Code Modifier", "Placer Supplemental Service Information",
                "Filler Supplemental Service Information", "Medically Necessary Duplicate Procedure Reason",
                "Result Handling"}),
            Map.entry("OBX", new String[] {"Set ID - OBX", "Value Type", "Observation Identifier", "Observation Sub-ID",
                "Observation Value", "Units", "References Range", "Abnormal Flags", "Probability",
                "Nature of Abnormal Test", "Observation Result Status", "Effective Date of Reference Range",
                "User Defined Access Checks", "Date/Time of the Observation", "Producer's ID", "Responsible Observer",
                "Observation Method", "Equipment Instance Identifier", "Date/Time of the Analysis"}),
            Map.entry("NTE", new String[] {"Set ID - NTE", "Source of Comment", "Comment", "Comment Type"}),
            Map.entry("TQ1", new String[] {"Set ID - TQ1", "Quantity", "Repeat Pattern", "Explicit Time",
                "Relative Time and Units", "Service Duration", "Start Date/Time", "End Date/Time", "Priority",
                "Condition Text", "Text Instruction", "Conjunction", "Occurrence Duration", "Total Occurrences"}),
            Map.entry("IPC", new String[] {"Accession Identifier", "Requested Procedure ID", "Study Instance UID",
                "Scheduled Procedure Step ID", "Modality", "Protocol Code", "Scheduled Station Name",
                "Scheduled Procedure Step Location", "Scheduled AE Title"}),
            Map.entry("ZDS", new String[] {"Study Instance UID"}));

    /** "PID-5 Patient Name", or "PID-5" when the name is not in the table. */
    static String field(String segment, int n) {
        String[] names = FIELDS.get(segment);
        String label = segment + "-" + n;
        return names != null && n >= 1 && n <= names.length ? label + " " + names[n - 1] : label;
    }

    /** "PID Patient Identification", or the segment id alone. */
    static String segment(String id) {
        String n = SEGMENTS.get(id);
        return n == null ? id : id + " " + n;
    }
}
