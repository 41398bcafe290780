package org.radbridge.dicom;

/**
 * UIDs by keyword (PS3.6 Annex A). GENERATED from uids.tsv by
 * org.radbridge.dicom.gen.DictionaryGenerator (test sources): do not edit, edit the table.
 */
public final class UID {

    private UID() {
    }

    /** Verification SOP Class (SOP Class) */
    public static final String Verification = "1.2.840.10008.1.1";

    /** Implicit VR Little Endian (Transfer Syntax) */
    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";

    /** Explicit VR Little Endian (Transfer Syntax) */
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";

    /** Deflated Explicit VR Little Endian (Transfer Syntax) */
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";

    /** Explicit VR Big Endian (Transfer Syntax) (retired) */
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

    /** JPEG Baseline (Process 1) (Transfer Syntax) */
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";

    /** JPEG Extended (Process 2 and 4) (Transfer Syntax) */
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";

    /** JPEG Lossless, Non-Hierarchical (Process 14) (Transfer Syntax) */
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";

    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]) (Transfer Syntax) */
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";

    /** JPEG-LS Lossless Image Compression (Transfer Syntax) */
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";

    /** JPEG-LS Lossy (Near-Lossless) Image Compression (Transfer Syntax) */
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";

    /** JPEG 2000 Image Compression (Lossless Only) (Transfer Syntax) */
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";

    /** JPEG 2000 Image Compression (Transfer Syntax) */
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";

    /** RLE Lossless (Transfer Syntax) */
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    /** DICOM Application Context Name (Application Context Name) */
    public static final String DICOMApplicationContext = "1.2.840.10008.3.1.1.1";

    /** Storage Commitment Push Model SOP Class (SOP Class) */
    public static final String StorageCommitmentPushModel = "1.2.840.10008.1.20.1";

    /** Storage Commitment Push Model SOP Instance (Well-known SOP Instance) */
    public static final String StorageCommitmentPushModelInstance = "1.2.840.10008.1.20.1.1";

    /** Modality Performed Procedure Step SOP Class (SOP Class) */
    public static final String ModalityPerformedProcedureStep = "1.2.840.10008.3.1.2.3.3";

    /** Modality Performed Procedure Step Retrieve SOP Class (SOP Class) */
    public static final String ModalityPerformedProcedureStepRetrieve = "1.2.840.10008.3.1.2.3.4";

    /** Modality Performed Procedure Step Notification SOP Class (SOP Class) */
    public static final String ModalityPerformedProcedureStepNotification = "1.2.840.10008.3.1.2.3.5";

    /** Modality Worklist Information Model - FIND (SOP Class) */
    public static final String ModalityWorklistInformationModelFind = "1.2.840.10008.5.1.4.31";

    /** Instance Availability Notification SOP Class (SOP Class) */
    public static final String InstanceAvailabilityNotification = "1.2.840.10008.5.1.4.33";

    /** Patient Root Query/Retrieve Information Model - FIND (SOP Class) */
    public static final String PatientRootQueryRetrieveInformationModelFind = "1.2.840.10008.5.1.4.1.2.1.1";

    /** Patient Root Query/Retrieve Information Model - MOVE (SOP Class) */
    public static final String PatientRootQueryRetrieveInformationModelMove = "1.2.840.10008.5.1.4.1.2.1.2";

    /** Patient Root Query/Retrieve Information Model - GET (SOP Class) */
    public static final String PatientRootQueryRetrieveInformationModelGet = "1.2.840.10008.5.1.4.1.2.1.3";

    /** Study Root Query/Retrieve Information Model - FIND (SOP Class) */
    public static final String StudyRootQueryRetrieveInformationModelFind = "1.2.840.10008.5.1.4.1.2.2.1";

    /** Study Root Query/Retrieve Information Model - MOVE (SOP Class) */
    public static final String StudyRootQueryRetrieveInformationModelMove = "1.2.840.10008.5.1.4.1.2.2.2";

    /** Study Root Query/Retrieve Information Model - GET (SOP Class) */
    public static final String StudyRootQueryRetrieveInformationModelGet = "1.2.840.10008.5.1.4.1.2.2.3";

    /** Unified Procedure Step - Push SOP Class (SOP Class) */
    public static final String UnifiedProcedureStepPush = "1.2.840.10008.5.1.4.34.6.1";

    /** Unified Procedure Step - Watch SOP Class (SOP Class) */
    public static final String UnifiedProcedureStepWatch = "1.2.840.10008.5.1.4.34.6.2";

    /** Unified Procedure Step - Pull SOP Class (SOP Class) */
    public static final String UnifiedProcedureStepPull = "1.2.840.10008.5.1.4.34.6.3";

    /** Unified Procedure Step - Event SOP Class (SOP Class) */
    public static final String UnifiedProcedureStepEvent = "1.2.840.10008.5.1.4.34.6.4";

    /** Unified Procedure Step - Query SOP Class (SOP Class) */
    public static final String UnifiedProcedureStepQuery = "1.2.840.10008.5.1.4.34.6.5";

    /** Computed Radiography Image Storage (SOP Class) */
    public static final String ComputedRadiographyImageStorage = "1.2.840.10008.5.1.4.1.1.1";

    /** Digital X-Ray Image Storage - For Presentation (SOP Class) */
    public static final String DigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";

    /** Digital Mammography X-Ray Image Storage - For Presentation (SOP Class) */
    public static final String DigitalMammographyXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.2";

    /** CT Image Storage (SOP Class) */
    public static final String CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /** Enhanced CT Image Storage (SOP Class) */
    public static final String EnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";

    /** MR Image Storage (SOP Class) */
    public static final String MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    /** Enhanced MR Image Storage (SOP Class) */
    public static final String EnhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1";

    /** Ultrasound Image Storage (SOP Class) */
    public static final String UltrasoundImageStorage = "1.2.840.10008.5.1.4.1.1.6.1";

    /** Ultrasound Multi-frame Image Storage (SOP Class) */
    public static final String UltrasoundMultiFrameImageStorage = "1.2.840.10008.5.1.4.1.1.3.1";

    /** Secondary Capture Image Storage (SOP Class) */
    public static final String SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    /** X-Ray Angiographic Image Storage (SOP Class) */
    public static final String XRayAngiographicImageStorage = "1.2.840.10008.5.1.4.1.1.12.1";

    /** X-Ray Radiofluoroscopic Image Storage (SOP Class) */
    public static final String XRayRadiofluoroscopicImageStorage = "1.2.840.10008.5.1.4.1.1.12.2";

    /** Nuclear Medicine Image Storage (SOP Class) */
    public static final String NuclearMedicineImageStorage = "1.2.840.10008.5.1.4.1.1.20";

    /** Positron Emission Tomography Image Storage (SOP Class) */
    public static final String PositronEmissionTomographyImageStorage = "1.2.840.10008.5.1.4.1.1.128";

    /** Basic Text SR Storage (SOP Class) */
    public static final String BasicTextSRStorage = "1.2.840.10008.5.1.4.1.1.88.11";

    /** Enhanced SR Storage (SOP Class) */
    public static final String EnhancedSRStorage = "1.2.840.10008.5.1.4.1.1.88.22";

    /** Comprehensive SR Storage (SOP Class) */
    public static final String ComprehensiveSRStorage = "1.2.840.10008.5.1.4.1.1.88.33";

    /** Key Object Selection Document Storage (SOP Class) */
    public static final String KeyObjectSelectionDocumentStorage = "1.2.840.10008.5.1.4.1.1.88.59";

    /** X-Ray Radiation Dose SR Storage (SOP Class) */
    public static final String XRayRadiationDoseSRStorage = "1.2.840.10008.5.1.4.1.1.88.67";

    /** Encapsulated PDF Storage (SOP Class) */
    public static final String EncapsulatedPDFStorage = "1.2.840.10008.5.1.4.1.1.104.1";

    /** Grayscale Softcopy Presentation State Storage (SOP Class) */
    public static final String GrayscaleSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.1";

    /** DICOM Controlled Terminology (Coding Scheme) */
    public static final String DCM = "1.2.840.10008.2.16.4";

    /** DICOM UID Registry (DICOM UIDs as a Coding Scheme) */
    public static final String DCMUID = "1.2.840.10008.2.6.1";
}
