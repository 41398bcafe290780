package org.radbridge.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.radbridge.store.Db;
import org.radbridge.testing.PostgresDatabase;
import org.radbridge.testing.PostgresDatabase.PgUrl;
import org.radbridge.testing.TestEngine;

/** The shadow reports table on both databases: saved, listed newest first (changed only), read, replaced, purged. */
@ExtendWith(PostgresDatabase.class)
class ShadowStoreTest {

    @Test
    void sqlite() throws Exception {
        Path dir = Files.createTempDirectory("shadow-store");
        try (Db db = Db.open(new Db.Config("", "", "", dir, "NORMAL", 2, 64))) {
            exercise(new ShadowStore(db));
        } finally {
            TestEngine.deleteTree(dir);
        }
    }

    @Test
    void postgresql(@PgUrl String url) throws Exception {
        Path dir = Files.createTempDirectory("shadow-store");
        try (Db db = Db.open(new Db.Config(url, "", "", dir, "NORMAL", 2, 64))) {
            exercise(new ShadowStore(db));
        } finally {
            TestEngine.deleteTree(dir);
        }
    }

    private static void exercise(ShadowStore store) throws Exception {
        store.save(1, "ORM^O01", "C1", "AA", "AA", List.of(), "{\"differences\":0}");
        store.save(2, "ORM^O01", "C2", "AA", "AE", List.of("answer.code", "worklist[0].Modality (0008,0060)"), "{\"differences\":2}");
        store.save(3, "ADT^A08", "C3", "AA", "AA", List.of(), "{\"differences\":0}");
        List<ShadowStore.Summary> all = store.list(false, null, 10);
        assertEquals(List.of(3L, 2L, 1L), all.stream().map(ShadowStore.Summary::messageId).toList());
        List<ShadowStore.Summary> changed = store.list(true, null, 10);
        assertEquals(1, changed.size());
        assertEquals(List.of("answer.code", "worklist[0].Modality (0008,0060)"), changed.get(0).fields());
        assertEquals("AE", changed.get(0).shadowAnswer());
        assertEquals(List.of(1L), store.list(false, 2L, 10).stream().map(ShadowStore.Summary::messageId).toList());
        store.save(2, "ORM^O01", "C2", "AA", "AA", List.of(), "{\"differences\":0}");
        assertEquals("{\"differences\":0}", store.report(2), "a message explained again replaces its report");
        assertEquals(0, store.list(true, null, 10).size());
        assertNull(store.report(99));
        assertEquals(3, store.purge(System.currentTimeMillis() + 1));
        assertEquals(0, store.count());
    }
}
