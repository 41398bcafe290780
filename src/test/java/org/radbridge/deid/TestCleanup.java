package org.radbridge.deid;

import java.nio.file.Path;
import org.radbridge.testing.TestEngine;

/** Deletes a temporary directory a test made itself. */
final class TestCleanup {

    private TestCleanup() {
    }

    static void delete(Path dir) {
        TestEngine.deleteTree(dir);
    }
}
