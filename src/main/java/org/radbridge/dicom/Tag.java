package org.radbridge.dicom;

/**
 * Attribute tags by keyword (PS3.6). GENERATED from dictionary.tsv by
 * org.radbridge.dicom.gen.DictionaryGenerator (test sources): do not edit, edit the table.
 */
public final class Tag {

    private Tag() {
    }

    /** (0000,0000) UL 1 Command Group Length */
    public static final int CommandGroupLength = 0x00000000;

    /** (0000,0002) UI 1 Affected SOP Class UID */
    public static final int AffectedSOPClassUID = 0x00000002;

    /** (0000,0003) UI 1 Requested SOP Class UID */
    public static final int RequestedSOPClassUID = 0x00000003;

    /** (0000,0100) US 1 Command Field */
    public static final int CommandField = 0x00000100;

    /** (0000,0110) US 1 Message ID */
    public static final int MessageID = 0x00000110;

    /** (0000,0120) US 1 Message ID Being Responded To */
    public static final int MessageIDBeingRespondedTo = 0x00000120;

    /** (0000,0600) AE 1 Move Destination */
    public static final int MoveDestination = 0x00000600;

    /** (0000,0700) US 1 Priority */
    public static final int Priority = 0x00000700;

    /** (0000,0800) US 1 Command Data Set Type */
    public static final int CommandDataSetType = 0x00000800;

    /** (0000,0900) US 1 Status */
    public static final int Status = 0x00000900;

    /** (0000,0901) AT 1-n Offending Element */
    public static final int OffendingElement = 0x00000901;

    /** (0000,0902) LO 1 Error Comment */
    public static final int ErrorComment = 0x00000902;

    /** (0000,0903) US 1 Error ID */
    public static final int ErrorID = 0x00000903;

    /** (0000,1000) UI 1 Affected SOP Instance UID */
    public static final int AffectedSOPInstanceUID = 0x00001000;

    /** (0000,1001) UI 1 Requested SOP Instance UID */
    public static final int RequestedSOPInstanceUID = 0x00001001;

    /** (0000,1002) US 1 Event Type ID */
    public static final int EventTypeID = 0x00001002;

    /** (0000,1005) AT 1-n Attribute Identifier List */
    public static final int AttributeIdentifierList = 0x00001005;

    /** (0000,1008) US 1 Action Type ID */
    public static final int ActionTypeID = 0x00001008;

    /** (0000,1020) US 1 Number of Remaining Sub-operations */
    public static final int NumberOfRemainingSuboperations = 0x00001020;

    /** (0000,1021) US 1 Number of Completed Sub-operations */
    public static final int NumberOfCompletedSuboperations = 0x00001021;

    /** (0000,1022) US 1 Number of Failed Sub-operations */
    public static final int NumberOfFailedSuboperations = 0x00001022;

    /** (0000,1023) US 1 Number of Warning Sub-operations */
    public static final int NumberOfWarningSuboperations = 0x00001023;

    /** (0000,1030) AE 1 Move Originator Application Entity Title */
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;

    /** (0000,1031) US 1 Move Originator Message ID */
    public static final int MoveOriginatorMessageID = 0x00001031;

    /** (0002,0000) UL 1 File Meta Information Group Length */
    public static final int FileMetaInformationGroupLength = 0x00020000;

    /** (0002,0001) OB 1 File Meta Information Version */
    public static final int FileMetaInformationVersion = 0x00020001;

    /** (0002,0002) UI 1 Media Storage SOP Class UID */
    public static final int MediaStorageSOPClassUID = 0x00020002;

    /** (0002,0003) UI 1 Media Storage SOP Instance UID */
    public static final int MediaStorageSOPInstanceUID = 0x00020003;

    /** (0002,0010) UI 1 Transfer Syntax UID */
    public static final int TransferSyntaxUID = 0x00020010;

    /** (0002,0012) UI 1 Implementation Class UID */
    public static final int ImplementationClassUID = 0x00020012;

    /** (0002,0013) SH 1 Implementation Version Name */
    public static final int ImplementationVersionName = 0x00020013;

    /** (0002,0016) AE 1 Source Application Entity Title */
    public static final int SourceApplicationEntityTitle = 0x00020016;

    /** (0002,0017) AE 1 Sending Application Entity Title */
    public static final int SendingApplicationEntityTitle = 0x00020017;

    /** (0002,0018) AE 1 Receiving Application Entity Title */
    public static final int ReceivingApplicationEntityTitle = 0x00020018;

    /** (0002,0100) UI 1 Private Information Creator UID */
    public static final int PrivateInformationCreatorUID = 0x00020100;

    /** (0002,0102) OB 1 Private Information */
    public static final int PrivateInformation = 0x00020102;

    /** (0008,0005) CS 1-n Specific Character Set */
    public static final int SpecificCharacterSet = 0x00080005;

    /** (0008,0008) CS 2-n Image Type */
    public static final int ImageType = 0x00080008;

    /** (0008,0012) DA 1 Instance Creation Date */
    public static final int InstanceCreationDate = 0x00080012;

    /** (0008,0013) TM 1 Instance Creation Time */
    public static final int InstanceCreationTime = 0x00080013;

    /** (0008,0014) UI 1 Instance Creator UID */
    public static final int InstanceCreatorUID = 0x00080014;

    /** (0008,0016) UI 1 SOP Class UID */
    public static final int SOPClassUID = 0x00080016;

    /** (0008,0018) UI 1 SOP Instance UID */
    public static final int SOPInstanceUID = 0x00080018;

    /** (0008,0020) DA 1 Study Date */
    public static final int StudyDate = 0x00080020;

    /** (0008,0021) DA 1 Series Date */
    public static final int SeriesDate = 0x00080021;

    /** (0008,0022) DA 1 Acquisition Date */
    public static final int AcquisitionDate = 0x00080022;

    /** (0008,0023) DA 1 Content Date */
    public static final int ContentDate = 0x00080023;

    /** (0008,002A) DT 1 Acquisition DateTime */
    public static final int AcquisitionDateTime = 0x0008002A;

    /** (0008,0030) TM 1 Study Time */
    public static final int StudyTime = 0x00080030;

    /** (0008,0031) TM 1 Series Time */
    public static final int SeriesTime = 0x00080031;

    /** (0008,0032) TM 1 Acquisition Time */
    public static final int AcquisitionTime = 0x00080032;

    /** (0008,0033) TM 1 Content Time */
    public static final int ContentTime = 0x00080033;

    /** (0008,0050) SH 1 Accession Number */
    public static final int AccessionNumber = 0x00080050;

    /** (0008,0051) SQ 1 Issuer of Accession Number Sequence */
    public static final int IssuerOfAccessionNumberSequence = 0x00080051;

    /** (0008,0052) CS 1 Query/Retrieve Level */
    public static final int QueryRetrieveLevel = 0x00080052;

    /** (0008,0054) AE 1-n Retrieve AE Title */
    public static final int RetrieveAETitle = 0x00080054;

    /** (0008,0056) CS 1 Instance Availability */
    public static final int InstanceAvailability = 0x00080056;

    /** (0008,0060) CS 1 Modality */
    public static final int Modality = 0x00080060;

    /** (0008,0061) CS 1-n Modalities in Study */
    public static final int ModalitiesInStudy = 0x00080061;

    /** (0008,0070) LO 1 Manufacturer */
    public static final int Manufacturer = 0x00080070;

    /** (0008,0080) LO 1 Institution Name */
    public static final int InstitutionName = 0x00080080;

    /** (0008,0081) ST 1 Institution Address */
    public static final int InstitutionAddress = 0x00080081;

    /** (0008,0082) SQ 1 Institution Code Sequence */
    public static final int InstitutionCodeSequence = 0x00080082;

    /** (0008,0090) PN 1 Referring Physician's Name */
    public static final int ReferringPhysicianName = 0x00080090;

    /** (0008,0092) ST 1 Referring Physician's Address */
    public static final int ReferringPhysicianAddress = 0x00080092;

    /** (0008,0094) SH 1-n Referring Physician's Telephone Numbers */
    public static final int ReferringPhysicianTelephoneNumbers = 0x00080094;

    /** (0008,0096) SQ 1 Referring Physician Identification Sequence */
    public static final int ReferringPhysicianIdentificationSequence = 0x00080096;

    /** (0008,0100) SH 1 Code Value */
    public static final int CodeValue = 0x00080100;

    /** (0008,0102) SH 1 Coding Scheme Designator */
    public static final int CodingSchemeDesignator = 0x00080102;

    /** (0008,0103) SH 1 Coding Scheme Version */
    public static final int CodingSchemeVersion = 0x00080103;

    /** (0008,0104) LO 1 Code Meaning */
    public static final int CodeMeaning = 0x00080104;

    /** (0008,0105) CS 1 Mapping Resource */
    public static final int MappingResource = 0x00080105;

    /** (0008,0106) DT 1 Context Group Version */
    public static final int ContextGroupVersion = 0x00080106;

    /** (0008,010F) CS 1 Context Identifier */
    public static final int ContextIdentifier = 0x0008010F;

    /** (0008,0117) UI 1 Context UID */
    public static final int ContextUID = 0x00080117;

    /** (0008,0119) UC 1 Long Code Value */
    public static final int LongCodeValue = 0x00080119;

    /** (0008,0120) UR 1 URN Code Value */
    public static final int URNCodeValue = 0x00080120;

    /** (0008,0201) SH 1 Timezone Offset From UTC */
    public static final int TimezoneOffsetFromUTC = 0x00080201;

    /** (0008,1010) SH 1 Station Name */
    public static final int StationName = 0x00081010;

    /** (0008,1030) LO 1 Study Description */
    public static final int StudyDescription = 0x00081030;

    /** (0008,1032) SQ 1 Procedure Code Sequence */
    public static final int ProcedureCodeSequence = 0x00081032;

    /** (0008,103E) LO 1 Series Description */
    public static final int SeriesDescription = 0x0008103E;

    /** (0008,1040) LO 1 Institutional Department Name */
    public static final int InstitutionalDepartmentName = 0x00081040;

    /** (0008,1048) PN 1-n Physician(s) of Record */
    public static final int PhysiciansOfRecord = 0x00081048;

    /** (0008,1050) PN 1-n Performing Physician's Name */
    public static final int PerformingPhysicianName = 0x00081050;

    /** (0008,1060) PN 1-n Name of Physician(s) Reading Study */
    public static final int NameOfPhysiciansReadingStudy = 0x00081060;

    /** (0008,1070) PN 1-n Operators' Name */
    public static final int OperatorsName = 0x00081070;

    /** (0008,1080) LO 1-n Admitting Diagnoses Description */
    public static final int AdmittingDiagnosesDescription = 0x00081080;

    /** (0008,1084) SQ 1 Admitting Diagnoses Code Sequence */
    public static final int AdmittingDiagnosesCodeSequence = 0x00081084;

    /** (0008,1090) LO 1 Manufacturer's Model Name */
    public static final int ManufacturerModelName = 0x00081090;

    /** (0008,1110) SQ 1 Referenced Study Sequence */
    public static final int ReferencedStudySequence = 0x00081110;

    /** (0008,1111) SQ 1 Referenced Performed Procedure Step Sequence */
    public static final int ReferencedPerformedProcedureStepSequence = 0x00081111;

    /** (0008,1115) SQ 1 Referenced Series Sequence */
    public static final int ReferencedSeriesSequence = 0x00081115;

    /** (0008,1120) SQ 1 Referenced Patient Sequence */
    public static final int ReferencedPatientSequence = 0x00081120;

    /** (0008,1125) SQ 1 Referenced Visit Sequence */
    public static final int ReferencedVisitSequence = 0x00081125;

    /** (0008,1140) SQ 1 Referenced Image Sequence */
    public static final int ReferencedImageSequence = 0x00081140;

    /** (0008,1150) UI 1 Referenced SOP Class UID */
    public static final int ReferencedSOPClassUID = 0x00081150;

    /** (0008,1155) UI 1 Referenced SOP Instance UID */
    public static final int ReferencedSOPInstanceUID = 0x00081155;

    /** (0008,1160) IS 1-n Referenced Frame Number */
    public static final int ReferencedFrameNumber = 0x00081160;

    /** (0008,1190) UR 1 Retrieve URL */
    public static final int RetrieveURL = 0x00081190;

    /** (0008,1199) SQ 1 Referenced SOP Sequence */
    public static final int ReferencedSOPSequence = 0x00081199;

    /** (0008,2111) ST 1 Derivation Description */
    public static final int DerivationDescription = 0x00082111;

    /** (0008,2112) SQ 1 Source Image Sequence */
    public static final int SourceImageSequence = 0x00082112;

    /** (0008,2229) SQ 1 Anatomic Structure, Space or Region Sequence (retired) */
    public static final int AnatomicStructureSpaceOrRegionSequence = 0x00082229;

    /** (0010,0010) PN 1 Patient's Name */
    public static final int PatientName = 0x00100010;

    /** (0010,0020) LO 1 Patient ID */
    public static final int PatientID = 0x00100020;

    /** (0010,0021) LO 1 Issuer of Patient ID */
    public static final int IssuerOfPatientID = 0x00100021;

    /** (0010,0022) CS 1 Type of Patient ID */
    public static final int TypeOfPatientID = 0x00100022;

    /** (0010,0024) SQ 1 Issuer of Patient ID Qualifiers Sequence */
    public static final int IssuerOfPatientIDQualifiersSequence = 0x00100024;

    /** (0010,0030) DA 1 Patient's Birth Date */
    public static final int PatientBirthDate = 0x00100030;

    /** (0010,0032) TM 1 Patient's Birth Time */
    public static final int PatientBirthTime = 0x00100032;

    /** (0010,0040) CS 1 Patient's Sex */
    public static final int PatientSex = 0x00100040;

    /** (0010,0050) SQ 1 Patient's Insurance Plan Code Sequence */
    public static final int PatientInsurancePlanCodeSequence = 0x00100050;

    /** (0010,1000) LO 1-n Other Patient IDs (retired) */
    public static final int OtherPatientIDs = 0x00101000;

    /** (0010,1001) PN 1-n Other Patient Names */
    public static final int OtherPatientNames = 0x00101001;

    /** (0010,1002) SQ 1 Other Patient IDs Sequence */
    public static final int OtherPatientIDsSequence = 0x00101002;

    /** (0010,1005) PN 1 Patient's Birth Name */
    public static final int PatientBirthName = 0x00101005;

    /** (0010,1010) AS 1 Patient's Age */
    public static final int PatientAge = 0x00101010;

    /** (0010,1020) DS 1 Patient's Size */
    public static final int PatientSize = 0x00101020;

    /** (0010,1030) DS 1 Patient's Weight */
    public static final int PatientWeight = 0x00101030;

    /** (0010,1040) LO 1 Patient's Address */
    public static final int PatientAddress = 0x00101040;

    /** (0010,1050) LO 1-n Insurance Plan Identification (retired) */
    public static final int InsurancePlanIdentification = 0x00101050;

    /** (0010,1060) PN 1 Patient's Mother's Birth Name */
    public static final int PatientMotherBirthName = 0x00101060;

    /** (0010,1080) LO 1 Military Rank */
    public static final int MilitaryRank = 0x00101080;

    /** (0010,1081) LO 1 Branch of Service */
    public static final int BranchOfService = 0x00101081;

    /** (0010,1090) LO 1 Medical Record Locator (retired) */
    public static final int MedicalRecordLocator = 0x00101090;

    /** (0010,2000) LO 1-n Medical Alerts */
    public static final int MedicalAlerts = 0x00102000;

    /** (0010,2110) LO 1-n Allergies */
    public static final int Allergies = 0x00102110;

    /** (0010,2150) LO 1 Country of Residence */
    public static final int CountryOfResidence = 0x00102150;

    /** (0010,2152) LO 1 Region of Residence */
    public static final int RegionOfResidence = 0x00102152;

    /** (0010,2154) SH 1-n Patient's Telephone Numbers */
    public static final int PatientTelephoneNumbers = 0x00102154;

    /** (0010,2160) SH 1 Ethnic Group */
    public static final int EthnicGroup = 0x00102160;

    /** (0010,2180) SH 1 Occupation */
    public static final int Occupation = 0x00102180;

    /** (0010,21A0) CS 1 Smoking Status */
    public static final int SmokingStatus = 0x001021A0;

    /** (0010,21B0) LT 1 Additional Patient History */
    public static final int AdditionalPatientHistory = 0x001021B0;

    /** (0010,21C0) US 1 Pregnancy Status */
    public static final int PregnancyStatus = 0x001021C0;

    /** (0010,21D0) DA 1 Last Menstrual Date */
    public static final int LastMenstrualDate = 0x001021D0;

    /** (0010,21F0) LO 1 Patient's Religious Preference */
    public static final int PatientReligiousPreference = 0x001021F0;

    /** (0010,2201) LO 1 Patient Species Description */
    public static final int PatientSpeciesDescription = 0x00102201;

    /** (0010,2203) CS 1 Patient's Sex Neutered */
    public static final int PatientSexNeutered = 0x00102203;

    /** (0010,2297) PN 1 Responsible Person */
    public static final int ResponsiblePerson = 0x00102297;

    /** (0010,2298) CS 1 Responsible Person Role */
    public static final int ResponsiblePersonRole = 0x00102298;

    /** (0010,2299) LO 1 Responsible Organization */
    public static final int ResponsibleOrganization = 0x00102299;

    /** (0010,4000) LT 1 Patient Comments */
    public static final int PatientComments = 0x00104000;

    /** (0012,0062) CS 1 Patient Identity Removed */
    public static final int PatientIdentityRemoved = 0x00120062;

    /** (0012,0063) LO 1-n De-identification Method */
    public static final int DeidentificationMethod = 0x00120063;

    /** (0012,0064) SQ 1 De-identification Method Code Sequence */
    public static final int DeidentificationMethodCodeSequence = 0x00120064;

    /** (0018,0015) CS 1 Body Part Examined */
    public static final int BodyPartExamined = 0x00180015;

    /** (0018,0060) DS 1 KVP */
    public static final int KVP = 0x00180060;

    /** (0018,1000) LO 1 Device Serial Number */
    public static final int DeviceSerialNumber = 0x00181000;

    /** (0018,1020) LO 1-n Software Versions */
    public static final int SoftwareVersions = 0x00181020;

    /** (0018,1030) LO 1 Protocol Name */
    public static final int ProtocolName = 0x00181030;

    /** (0018,1110) DS 1 Distance Source to Detector */
    public static final int DistanceSourceToDetector = 0x00181110;

    /** (0018,1150) IS 1 Exposure Time */
    public static final int ExposureTime = 0x00181150;

    /** (0018,1151) IS 1 X-Ray Tube Current */
    public static final int XRayTubeCurrent = 0x00181151;

    /** (0018,1152) IS 1 Exposure */
    public static final int Exposure = 0x00181152;

    /** (0018,115A) CS 1 Radiation Mode */
    public static final int RadiationMode = 0x0018115A;

    /** (0018,115E) DS 1 Image and Fluoroscopy Area Dose Product */
    public static final int ImageAndFluoroscopyAreaDoseProduct = 0x0018115E;

    /** (0018,1160) SH 1 Filter Type */
    public static final int FilterType = 0x00181160;

    /** (0018,7050) CS 1-n Filter Material */
    public static final int FilterMaterial = 0x00187050;

    /** (0018,8151) DS 1 X-Ray Tube Current in uA */
    public static final int XRayTubeCurrentInuA = 0x00188151;

    /** (0018,9345) FD 1 CTDIvol */
    public static final int CTDIvol = 0x00189345;

    /** (0020,000D) UI 1 Study Instance UID */
    public static final int StudyInstanceUID = 0x0020000D;

    /** (0020,000E) UI 1 Series Instance UID */
    public static final int SeriesInstanceUID = 0x0020000E;

    /** (0020,0010) SH 1 Study ID */
    public static final int StudyID = 0x00200010;

    /** (0020,0011) IS 1 Series Number */
    public static final int SeriesNumber = 0x00200011;

    /** (0020,0013) IS 1 Instance Number */
    public static final int InstanceNumber = 0x00200013;

    /** (0020,0032) DS 3 Image Position (Patient) */
    public static final int ImagePositionPatient = 0x00200032;

    /** (0020,0037) DS 6 Image Orientation (Patient) */
    public static final int ImageOrientationPatient = 0x00200037;

    /** (0020,0052) UI 1 Frame of Reference UID */
    public static final int FrameOfReferenceUID = 0x00200052;

    /** (0020,1206) IS 1 Number of Study Related Series */
    public static final int NumberOfStudyRelatedSeries = 0x00201206;

    /** (0020,1208) IS 1 Number of Study Related Instances */
    public static final int NumberOfStudyRelatedInstances = 0x00201208;

    /** (0020,1209) IS 1 Number of Series Related Instances */
    public static final int NumberOfSeriesRelatedInstances = 0x00201209;

    /** (0028,0002) US 1 Samples per Pixel */
    public static final int SamplesPerPixel = 0x00280002;

    /** (0028,0004) CS 1 Photometric Interpretation */
    public static final int PhotometricInterpretation = 0x00280004;

    /** (0028,0009) AT 1-n Frame Increment Pointer */
    public static final int FrameIncrementPointer = 0x00280009;

    /** (0028,0010) US 1 Rows */
    public static final int Rows = 0x00280010;

    /** (0028,0011) US 1 Columns */
    public static final int Columns = 0x00280011;

    /** (0028,0030) DS 2 Pixel Spacing */
    public static final int PixelSpacing = 0x00280030;

    /** (0028,0100) US 1 Bits Allocated */
    public static final int BitsAllocated = 0x00280100;

    /** (0028,0101) US 1 Bits Stored */
    public static final int BitsStored = 0x00280101;

    /** (0028,0102) US 1 High Bit */
    public static final int HighBit = 0x00280102;

    /** (0028,0103) US 1 Pixel Representation */
    public static final int PixelRepresentation = 0x00280103;

    /** (0028,0106) US|SS 1 Smallest Image Pixel Value */
    public static final int SmallestImagePixelValue = 0x00280106;

    /** (0028,0107) US|SS 1 Largest Image Pixel Value */
    public static final int LargestImagePixelValue = 0x00280107;

    /** (0028,0301) CS 1 Burned In Annotation */
    public static final int BurnedInAnnotation = 0x00280301;

    /** (0028,0302) CS 1 Recognizable Visual Features */
    public static final int RecognizableVisualFeatures = 0x00280302;

    /** (0028,0303) CS 1 Longitudinal Temporal Information Modified */
    public static final int LongitudinalTemporalInformationModified = 0x00280303;

    /** (0028,1050) DS 1-n Window Center */
    public static final int WindowCenter = 0x00281050;

    /** (0028,1051) DS 1-n Window Width */
    public static final int WindowWidth = 0x00281051;

    /** (0032,0012) LO 1 Study ID Issuer (retired) */
    public static final int StudyIDIssuer = 0x00320012;

    /** (0032,1030) LO 1 Reason for Study (retired) */
    public static final int ReasonForStudy = 0x00321030;

    /** (0032,1032) PN 1 Requesting Physician */
    public static final int RequestingPhysician = 0x00321032;

    /** (0032,1033) LO 1 Requesting Service */
    public static final int RequestingService = 0x00321033;

    /** (0032,1034) SQ 1 Requesting Service Code Sequence */
    public static final int RequestingServiceCodeSequence = 0x00321034;

    /** (0032,1060) LO 1 Requested Procedure Description */
    public static final int RequestedProcedureDescription = 0x00321060;

    /** (0032,1064) SQ 1 Requested Procedure Code Sequence */
    public static final int RequestedProcedureCodeSequence = 0x00321064;

    /** (0032,1070) LO 1 Requested Contrast Agent */
    public static final int RequestedContrastAgent = 0x00321070;

    /** (0038,0008) CS 1 Visit Status ID */
    public static final int VisitStatusID = 0x00380008;

    /** (0038,0010) LO 1 Admission ID */
    public static final int AdmissionID = 0x00380010;

    /** (0038,0014) SQ 1 Issuer of Admission ID Sequence */
    public static final int IssuerOfAdmissionIDSequence = 0x00380014;

    /** (0038,0016) LO 1 Route of Admissions */
    public static final int RouteOfAdmissions = 0x00380016;

    /** (0038,0020) DA 1 Admitting Date */
    public static final int AdmittingDate = 0x00380020;

    /** (0038,0021) TM 1 Admitting Time */
    public static final int AdmittingTime = 0x00380021;

    /** (0038,0050) LO 1 Special Needs */
    public static final int SpecialNeeds = 0x00380050;

    /** (0038,0060) LO 1 Service Episode ID */
    public static final int ServiceEpisodeID = 0x00380060;

    /** (0038,0300) LO 1 Current Patient Location */
    public static final int CurrentPatientLocation = 0x00380300;

    /** (0038,0400) LO 1 Patient's Institution Residence */
    public static final int PatientInstitutionResidence = 0x00380400;

    /** (0038,0500) LO 1 Patient State */
    public static final int PatientState = 0x00380500;

    /** (0038,4000) LT 1 Visit Comments */
    public static final int VisitComments = 0x00384000;

    /** (0040,0001) AE 1-n Scheduled Station AE Title */
    public static final int ScheduledStationAETitle = 0x00400001;

    /** (0040,0002) DA 1 Scheduled Procedure Step Start Date */
    public static final int ScheduledProcedureStepStartDate = 0x00400002;

    /** (0040,0003) TM 1 Scheduled Procedure Step Start Time */
    public static final int ScheduledProcedureStepStartTime = 0x00400003;

    /** (0040,0004) DA 1 Scheduled Procedure Step End Date */
    public static final int ScheduledProcedureStepEndDate = 0x00400004;

    /** (0040,0005) TM 1 Scheduled Procedure Step End Time */
    public static final int ScheduledProcedureStepEndTime = 0x00400005;

    /** (0040,0006) PN 1 Scheduled Performing Physician's Name */
    public static final int ScheduledPerformingPhysicianName = 0x00400006;

    /** (0040,0007) LO 1 Scheduled Procedure Step Description */
    public static final int ScheduledProcedureStepDescription = 0x00400007;

    /** (0040,0008) SQ 1 Scheduled Protocol Code Sequence */
    public static final int ScheduledProtocolCodeSequence = 0x00400008;

    /** (0040,0009) SH 1 Scheduled Procedure Step ID */
    public static final int ScheduledProcedureStepID = 0x00400009;

    /** (0040,000B) SQ 1 Scheduled Performing Physician Identification Sequence */
    public static final int ScheduledPerformingPhysicianIdentificationSequence = 0x0040000B;

    /** (0040,0010) SH 1-n Scheduled Station Name */
    public static final int ScheduledStationName = 0x00400010;

    /** (0040,0011) SH 1 Scheduled Procedure Step Location */
    public static final int ScheduledProcedureStepLocation = 0x00400011;

    /** (0040,0012) LO 1 Pre-Medication */
    public static final int PreMedication = 0x00400012;

    /** (0040,0020) CS 1 Scheduled Procedure Step Status */
    public static final int ScheduledProcedureStepStatus = 0x00400020;

    /** (0040,0026) SQ 1 Order Placer Identifier Sequence */
    public static final int OrderPlacerIdentifierSequence = 0x00400026;

    /** (0040,0027) SQ 1 Order Filler Identifier Sequence */
    public static final int OrderFillerIdentifierSequence = 0x00400027;

    /** (0040,0031) UT 1 Local Namespace Entity ID */
    public static final int LocalNamespaceEntityID = 0x00400031;

    /** (0040,0032) UT 1 Universal Entity ID */
    public static final int UniversalEntityID = 0x00400032;

    /** (0040,0033) CS 1 Universal Entity ID Type */
    public static final int UniversalEntityIDType = 0x00400033;

    /** (0040,0035) CS 1 Identifier Type Code */
    public static final int IdentifierTypeCode = 0x00400035;

    /** (0040,0036) SQ 1 Assigning Facility Sequence */
    public static final int AssigningFacilitySequence = 0x00400036;

    /** (0040,0100) SQ 1 Scheduled Procedure Step Sequence */
    public static final int ScheduledProcedureStepSequence = 0x00400100;

    /** (0040,0220) SQ 1 Referenced Non-Image Composite SOP Instance Sequence */
    public static final int ReferencedNonImageCompositeSOPInstanceSequence = 0x00400220;

    /** (0040,0241) AE 1 Performed Station AE Title */
    public static final int PerformedStationAETitle = 0x00400241;

    /** (0040,0242) SH 1 Performed Station Name */
    public static final int PerformedStationName = 0x00400242;

    /** (0040,0243) SH 1 Performed Location */
    public static final int PerformedLocation = 0x00400243;

    /** (0040,0244) DA 1 Performed Procedure Step Start Date */
    public static final int PerformedProcedureStepStartDate = 0x00400244;

    /** (0040,0245) TM 1 Performed Procedure Step Start Time */
    public static final int PerformedProcedureStepStartTime = 0x00400245;

    /** (0040,0250) DA 1 Performed Procedure Step End Date */
    public static final int PerformedProcedureStepEndDate = 0x00400250;

    /** (0040,0251) TM 1 Performed Procedure Step End Time */
    public static final int PerformedProcedureStepEndTime = 0x00400251;

    /** (0040,0252) CS 1 Performed Procedure Step Status */
    public static final int PerformedProcedureStepStatus = 0x00400252;

    /** (0040,0253) SH 1 Performed Procedure Step ID */
    public static final int PerformedProcedureStepID = 0x00400253;

    /** (0040,0254) LO 1 Performed Procedure Step Description */
    public static final int PerformedProcedureStepDescription = 0x00400254;

    /** (0040,0255) LO 1 Performed Procedure Type Description */
    public static final int PerformedProcedureTypeDescription = 0x00400255;

    /** (0040,0260) SQ 1 Performed Protocol Code Sequence */
    public static final int PerformedProtocolCodeSequence = 0x00400260;

    /** (0040,0270) SQ 1 Scheduled Step Attributes Sequence */
    public static final int ScheduledStepAttributesSequence = 0x00400270;

    /** (0040,0275) SQ 1 Request Attributes Sequence */
    public static final int RequestAttributesSequence = 0x00400275;

    /** (0040,0280) ST 1 Comments on the Performed Procedure Step */
    public static final int CommentsOnThePerformedProcedureStep = 0x00400280;

    /** (0040,0281) SQ 1 Performed Procedure Step Discontinuation Reason Code Sequence */
    public static final int PerformedProcedureStepDiscontinuationReasonCodeSequence = 0x00400281;

    /** (0040,0293) SQ 1 Quantity Sequence */
    public static final int QuantitySequence = 0x00400293;

    /** (0040,0294) DS 1 Quantity */
    public static final int Quantity = 0x00400294;

    /** (0040,0295) SQ 1 Measuring Units Sequence */
    public static final int MeasuringUnitsSequence = 0x00400295;

    /** (0040,0296) SQ 1 Billing Item Sequence */
    public static final int BillingItemSequence = 0x00400296;

    /** (0040,0300) US 1 Total Time of Fluoroscopy (retired) */
    public static final int TotalTimeOfFluoroscopy = 0x00400300;

    /** (0040,0301) US 1 Total Number of Exposures (retired) */
    public static final int TotalNumberOfExposures = 0x00400301;

    /** (0040,0302) US 1 Entrance Dose */
    public static final int EntranceDose = 0x00400302;

    /** (0040,0303) US 1-2 Exposed Area */
    public static final int ExposedArea = 0x00400303;

    /** (0040,0306) DS 1 Distance Source to Entrance */
    public static final int DistanceSourceToEntrance = 0x00400306;

    /** (0040,0307) DS 1 Distance Source to Support (retired) */
    public static final int DistanceSourceToSupport = 0x00400307;

    /** (0040,030E) SQ 1 Exposure Dose Sequence (retired) */
    public static final int ExposureDoseSequence = 0x0040030E;

    /** (0040,0310) ST 1 Comments on Radiation Dose */
    public static final int CommentsOnRadiationDose = 0x00400310;

    /** (0040,0316) DS 1 Organ Dose */
    public static final int OrganDose = 0x00400316;

    /** (0040,0318) CS 1 Organ Exposed */
    public static final int OrganExposed = 0x00400318;

    /** (0040,0320) SQ 1 Billing Procedure Step Sequence */
    public static final int BillingProcedureStepSequence = 0x00400320;

    /** (0040,0321) SQ 1 Film Consumption Sequence */
    public static final int FilmConsumptionSequence = 0x00400321;

    /** (0040,0324) SQ 1 Billing Supplies and Devices Sequence */
    public static final int BillingSuppliesAndDevicesSequence = 0x00400324;

    /** (0040,0340) SQ 1 Performed Series Sequence */
    public static final int PerformedSeriesSequence = 0x00400340;

    /** (0040,0400) LT 1 Comments on the Scheduled Procedure Step */
    public static final int CommentsOnTheScheduledProcedureStep = 0x00400400;

    /** (0040,0440) SQ 1 Protocol Context Sequence */
    public static final int ProtocolContextSequence = 0x00400440;

    /** (0040,0441) SQ 1 Content Item Modifier Sequence */
    public static final int ContentItemModifierSequence = 0x00400441;

    /** (0040,1001) SH 1 Requested Procedure ID */
    public static final int RequestedProcedureID = 0x00401001;

    /** (0040,1002) LO 1 Reason for the Requested Procedure */
    public static final int ReasonForTheRequestedProcedure = 0x00401002;

    /** (0040,1003) SH 1 Requested Procedure Priority */
    public static final int RequestedProcedurePriority = 0x00401003;

    /** (0040,1004) LO 1 Patient Transport Arrangements */
    public static final int PatientTransportArrangements = 0x00401004;

    /** (0040,1005) LO 1 Requested Procedure Location */
    public static final int RequestedProcedureLocation = 0x00401005;

    /** (0040,1008) LO 1 Confidentiality Code */
    public static final int ConfidentialityCode = 0x00401008;

    /** (0040,1009) SH 1 Reporting Priority */
    public static final int ReportingPriority = 0x00401009;

    /** (0040,100A) SQ 1 Reason for Requested Procedure Code Sequence */
    public static final int ReasonForRequestedProcedureCodeSequence = 0x0040100A;

    /** (0040,1010) PN 1-n Names of Intended Recipients of Results */
    public static final int NamesOfIntendedRecipientsOfResults = 0x00401010;

    /** (0040,1011) SQ 1 Intended Recipients of Results Identification Sequence */
    public static final int IntendedRecipientsOfResultsIdentificationSequence = 0x00401011;

    /** (0040,1012) SQ 1 Reason For Performed Procedure Code Sequence */
    public static final int ReasonForPerformedProcedureCodeSequence = 0x00401012;

    /** (0040,1101) SQ 1 Person Identification Code Sequence */
    public static final int PersonIdentificationCodeSequence = 0x00401101;

    /** (0040,1102) ST 1 Person's Address */
    public static final int PersonAddress = 0x00401102;

    /** (0040,1103) LO 1-n Person's Telephone Numbers */
    public static final int PersonTelephoneNumbers = 0x00401103;

    /** (0040,1400) LT 1 Requested Procedure Comments */
    public static final int RequestedProcedureComments = 0x00401400;

    /** (0040,2001) LO 1 Reason for the Imaging Service Request (retired) */
    public static final int ReasonForTheImagingServiceRequest = 0x00402001;

    /** (0040,2004) DA 1 Issue Date of Imaging Service Request */
    public static final int IssueDateOfImagingServiceRequest = 0x00402004;

    /** (0040,2005) TM 1 Issue Time of Imaging Service Request */
    public static final int IssueTimeOfImagingServiceRequest = 0x00402005;

    /** (0040,2008) PN 1 Order Entered By */
    public static final int OrderEnteredBy = 0x00402008;

    /** (0040,2009) SH 1 Order Enterer's Location */
    public static final int OrderEntererLocation = 0x00402009;

    /** (0040,2010) SH 1 Order Callback Phone Number */
    public static final int OrderCallbackPhoneNumber = 0x00402010;

    /** (0040,2016) LO 1 Placer Order Number / Imaging Service Request */
    public static final int PlacerOrderNumberImagingServiceRequest = 0x00402016;

    /** (0040,2017) LO 1 Filler Order Number / Imaging Service Request */
    public static final int FillerOrderNumberImagingServiceRequest = 0x00402017;

    /** (0040,2400) LT 1 Imaging Service Request Comments */
    public static final int ImagingServiceRequestComments = 0x00402400;

    /** (0040,3001) LO 1 Confidentiality Constraint on Patient Data Description */
    public static final int ConfidentialityConstraintOnPatientDataDescription = 0x00403001;

    /** (0040,4009) SQ 1 Human Performer Code Sequence */
    public static final int HumanPerformerCodeSequence = 0x00404009;

    /** (0040,4025) SQ 1 Scheduled Station Name Code Sequence */
    public static final int ScheduledStationNameCodeSequence = 0x00404025;

    /** (0040,4026) SQ 1 Scheduled Station Class Code Sequence */
    public static final int ScheduledStationClassCodeSequence = 0x00404026;

    /** (0040,4027) SQ 1 Scheduled Station Geographic Location Code Sequence */
    public static final int ScheduledStationGeographicLocationCodeSequence = 0x00404027;

    /** (0040,4028) SQ 1 Performed Station Name Code Sequence */
    public static final int PerformedStationNameCodeSequence = 0x00404028;

    /** (0040,4029) SQ 1 Performed Station Class Code Sequence */
    public static final int PerformedStationClassCodeSequence = 0x00404029;

    /** (0040,4030) SQ 1 Performed Station Geographic Location Code Sequence */
    public static final int PerformedStationGeographicLocationCodeSequence = 0x00404030;

    /** (0040,4037) PN 1 Human Performer's Name */
    public static final int HumanPerformerName = 0x00404037;

    /** (0040,8302) DS 1 Entrance Dose in mGy */
    public static final int EntranceDoseInmGy = 0x00408302;

    /** (0040,A040) CS 1 Value Type */
    public static final int ValueType = 0x0040A040;

    /** (0040,A043) SQ 1 Concept Name Code Sequence */
    public static final int ConceptNameCodeSequence = 0x0040A043;

    /** (0040,A120) DT 1 DateTime */
    public static final int DateTime = 0x0040A120;

    /** (0040,A160) UT 1 Text Value */
    public static final int TextValue = 0x0040A160;

    /** (0040,A168) SQ 1 Concept Code Sequence */
    public static final int ConceptCodeSequence = 0x0040A168;

    /** (0040,A30A) DS 1-n Numeric Value */
    public static final int NumericValue = 0x0040A30A;

    /** (0040,A370) SQ 1 Referenced Request Sequence */
    public static final int ReferencedRequestSequence = 0x0040A370;

    /** (0040,A730) SQ 1 Content Sequence */
    public static final int ContentSequence = 0x0040A730;

    /** (0040,E011) UI 1 Retrieve Location UID */
    public static final int RetrieveLocationUID = 0x0040E011;

    /** (0074,1202) LO 1 Worklist Label */
    public static final int WorklistLabel = 0x00741202;

    /** (0088,0130) SH 1 Storage Media File-set ID */
    public static final int StorageMediaFileSetID = 0x00880130;

    /** (0088,0140) UI 1 Storage Media File-set UID */
    public static final int StorageMediaFileSetUID = 0x00880140;

    /** (7FE0,0010) OB|OW 1 Pixel Data */
    public static final int PixelData = 0x7FE00010;

    /** (FFFE,E000) NONE 1 Item */
    public static final int Item = 0xFFFEE000;

    /** (FFFE,E00D) NONE 1 Item Delimitation Item */
    public static final int ItemDelimitationItem = 0xFFFEE00D;

    /** (FFFE,E0DD) NONE 1 Sequence Delimitation Item */
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;
}
