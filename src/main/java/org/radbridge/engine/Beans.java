package org.radbridge.engine;

/**
 * Names under which the assembly and the modules bind shared beans in the {@link EngineContext}, so a module finds
 * another's bean without importing it ({@code ctx.bean(Beans.PRINCIPALS)}).
 */
public final class Beans {

    /** The {@code audit.SecurityAlerts} (repeated security alerts recorded as summaries); bound by the assembly. */
    public static final String SECURITY_ALERTS = "securityAlerts";
    /** The API principals, an {@code engine.http.Authenticator} (the console signs in with the same tokens); bound by the assembly. */
    public static final String PRINCIPALS = "principals";
    /** The {@code site.SiteRoutes} (reload: {@code SiteRoutes.reload()}); bound by the assembly. */
    public static final String SITE_ROUTES = "siteRoutes";
    /** The DICOM listener's {@code dicom.net.service.DicomServiceRegistry}, where modules add their SCPs. */
    public static final String DICOM_SERVICES = "dicomServices";
    /** The {@code mapping.DicomPeers} of mappings/peers/dicom-aes.yaml. */
    public static final String DICOM_PEERS = "dicomPeers";
    /** The audit trail's {@code audit.AuditCheckpointer}. */
    public static final String AUDIT_CHECKPOINTER = "auditCheckpointer";
    /** The {@code audit.AtnaExporter}, when radbridge.audit.atna.host is set. */
    public static final String ATNA = "atnaExporter";
    /** The {@code audit.AuditChainCheck} (verifies the hash chain). */
    public static final String AUDIT_CHAIN_CHECK = "auditChainCheck";
    /** The {@code explain.DryRuns} the assembly offers (a dry-run engine for the shadow run). */
    public static final String DRY_RUNS = "dryRuns";

    /** The mapping files' loaders by part name ({@code Map<String, Consumer<Mappings>>}), for check-config and a reload. */
    public static final String MAPPING_LOADERS = "mappingLoaders";

    private Beans() {
    }
}
