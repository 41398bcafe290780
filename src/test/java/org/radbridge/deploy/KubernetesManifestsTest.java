package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * Lints deploy/kubernetes/ (no Kubernetes linter installs here; this is the schema check the issue allows): every
 * document is read into the Kubernetes API model classes (fabric8 kubernetes-model 7.3.1, generated from the
 * Kubernetes OpenAPI schema) and must leave no field unknown to them (a misspelt or misplaced key is an error), for
 * the apiVersion/kind it names; then the parts must fit together and fit the engine: probes on /health/live and
 * /health/ready, ports as the engine's defaults, every RADBRIDGE_* variable a real property, Secret and ConfigMap
 * references that exist, Service and PodDisruptionBudget selectors that select the pods, resources, a read-only root
 * filesystem, a termination grace period longer than the engine's own.
 */
class KubernetesManifestsTest {

    static final Path DIR = ProjectPaths.project().resolve("deploy/kubernetes");
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void read() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        List<String> errors = new ArrayList<>();
        for (Path f : manifestFiles()) {
            try (var parser = new YAMLFactory().createParser(f.toFile())) {
                for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
                    String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                    Class<? extends HasMetadata> type = KINDS.get(key);
                    if (type == null) {
                        errors.add(f.getFileName() + ": unexpected apiVersion/kind " + key);
                        continue;
                    }
                    HasMetadata o = json.treeToValue(doc, type);
                    unknownFields(o, f.getFileName() + ":" + o.getKind() + "/" + o.getMetadata().getName(), errors);
                    OBJECTS.add(o);
                }
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    /** The model keeps keys it does not know in additionalProperties: there must be none anywhere. */
    static void unknownFields(Object o, String path, List<String> errors) throws Exception {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", errors);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), errors);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    errors.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                unknownFields(v, path + "." + m.getName().substring(3), errors);
            }
        }
    }

    static <T> List<T> all(Class<T> type) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Container engine() {
        List<Deployment> d = all(Deployment.class);
        assertEquals(1, d.size(), "one Deployment");
        return d.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void kustomizationListsEveryManifest() throws Exception {
        JsonNode k = new YAMLMapper().readTree(DIR.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        assertEquals(manifestFiles().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()), listed);
    }

    @Test
    void deploymentRunsSeveralEnginesWithProbesResourcesAndAReadOnlyRoot() {
        Deployment d = all(Deployment.class).get(0);
        assertTrue(d.getSpec().getReplicas() >= 2, "N replicas on PostgreSQL");
        Container c = engine();
        Probe live = c.getLivenessProbe();
        Probe ready = c.getReadinessProbe();
        assertEquals("/health/live", live.getHttpGet().getPath());
        assertEquals("/health/ready", ready.getHttpGet().getPath());
        Set<String> portNames = c.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        assertTrue(portNames.contains(live.getHttpGet().getPort().getStrVal()), "probe port is a container port");
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        Map<String, String> defaults = defaults();
        assertEquals(Integer.valueOf(defaults.get("radbridge.mllp.port")), ports.get("mllp"));
        assertEquals(Integer.valueOf(defaults.get("radbridge.dicom.port")), ports.get("dicom"));
        assertEquals(Integer.valueOf(defaults.get("radbridge.http.port")), ports.get("http"));
        assertNotNull(c.getResources().getRequests().get("cpu"), "cpu request");
        assertNotNull(c.getResources().getRequests().get("memory"), "memory request");
        assertNotNull(c.getResources().getLimits().get("memory"), "memory limit");
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root filesystem");
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        Set<String> mounts = c.getVolumeMounts().stream().map(m -> m.getMountPath()).collect(Collectors.toSet());
        assertTrue(mounts.containsAll(Set.of("/data", "/tmp")), "writable /data and /tmp: " + mounts);
        int grace = Integer.parseInt(configMap().getData().get("RADBRIDGE_SHUTDOWN_GRACE_SECONDS"));
        assertTrue(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > grace + 5,
                "Kubernetes kills only after the engine's grace period (plus endpoint propagation)");
    }

    @Test
    void everyVariableIsAPropertyAndEverySecretReferenceExists() {
        Set<String> known = defaults().keySet().stream().map(org.radbridge.settings.Settings::envName).collect(Collectors.toSet());
        Container c = engine();
        List<String> names = new ArrayList<>(configMap().getData().keySet());
        c.getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("RADBRIDGE_")).forEach(names::add);
        for (String n : names) {
            assertTrue(known.contains(n), n + " is not the variable of any radbridge.* property (it would be ignored)");
        }
        Map<String, Secret> secrets = all(Secret.class).stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                Secret s = secrets.get(ref.getName());
                assertNotNull(s, e.getName() + ": no Secret " + ref.getName());
                assertTrue(s.getStringData().containsKey(ref.getKey()), e.getName() + ": Secret " + ref.getName() + " has no key " + ref.getKey());
            }
        }
        Set<String> secretEnv = c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(EnvVar::getName).collect(Collectors.toSet());
        assertTrue(secretEnv.containsAll(Set.of("RADBRIDGE_ADMIN_TOKEN", "RADBRIDGE_AUDIT_KEY", "RADBRIDGE_DB_PASSWORD")),
                "tokens and keys come from a Secret: " + secretEnv);
        assertEquals(configMap().getMetadata().getName(), c.getEnvFrom().get(0).getConfigMapRef().getName());
    }

    @Test
    void servicesAndDisruptionBudgetSelectThePods() {
        Deployment d = all(Deployment.class).get(0);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        Set<String> portNames = engine().getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        Set<String> served = new HashSet<>();
        for (Service s : all(Service.class)) {
            assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()), s.getMetadata().getName() + " selects no pod");
            for (ServicePort p : s.getSpec().getPorts()) {
                assertTrue(portNames.contains(p.getTargetPort().getStrVal()), s.getMetadata().getName() + ": target port " + p.getTargetPort());
                assertEquals("TCP", p.getProtocol());
                served.add(p.getTargetPort().getStrVal());
            }
        }
        assertEquals(Set.of("mllp", "dicom", "http"), served, "a Service for MLLP, DICOM and HTTP");
        PodDisruptionBudget pdb = all(PodDisruptionBudget.class).get(0);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < d.getSpec().getReplicas(), "a node drain can proceed");
        assertTrue(d.getSpec().getSelector().getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))));
    }

    static ConfigMap configMap() {
        return all(ConfigMap.class).get(0);
    }

    static Map<String, String> defaults() {
        java.util.Properties p = new java.util.Properties();
        try (var in = KubernetesManifestsTest.class.getResourceAsStream("/radbridge-defaults.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, p::getProperty));
    }
}
