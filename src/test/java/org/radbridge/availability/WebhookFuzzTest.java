package org.radbridge.availability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.radbridge.fuzz.Budget;
import org.radbridge.fuzz.FuzzTarget;
import org.radbridge.fuzz.FuzzTries;
import org.radbridge.fuzz.Mutator;
import org.radbridge.fuzz.Seeds;

/**
 * Fuzzing of the study-available webhook body (POST /api/events/study-available, design.md §3): the bytes
 * go through the engine's JSON reader and {@link WebhookEvents#read} exactly as {@link AvailabilityApi}
 * does; the only refusals are IOException (not JSON: 400) and IllegalArgumentException (400 naming the
 * member). Seeds: the event.json files of test-messages/. A second property sends study UIDs of any
 * length (issue 11 item 10: a ~4,000-character UID overflowed the stack in a regex).
 */
@AddLifecycleHook(FuzzTries.class)
public class WebhookFuzzTest {

    public static final FuzzTarget TARGET = new FuzzTarget() {
        @Override
        public String name() {
            return "webhook-json";
        }

        @Override
        public void accept(byte[] input) {
            try {
                WebhookEvents.read(StudyAvailable.JSON.readTree(input), "fuzz", "/127.0.0.1:1");
            } catch (IOException | IllegalArgumentException refused) {
                // answered 400
            }
        }
    };

    private static final Mutator MUTATOR = new Mutator(seeds(), List.of("{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000",
            "\\ud800", "null", "true", "-1", "1e999", "12345678901234567890", "\"series\":[{}]", "\"studyInstanceUid\":",
            ".1", "1.", "..", "\u00c3\u00a4", "\"numberOfInstances\":", "[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":"));

    static List<Seeds.Seed> seeds() {
        List<Seeds.Seed> s = new ArrayList<>(Seeds.testMessages("event.json"));
        s.add(new Seeds.Seed("minimal", "{\"studyInstanceUid\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8)));
        s.addAll(Seeds.regressions("webhook-json"));
        return s;
    }

    @Provide
    Arbitrary<Mutator.Input> bodies() {
        return MUTATOR.inputs();
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void anyBodyIsReadOrRefusedWithinBounds(@ForAll("bodies") Mutator.Input in) {
        Budget.run(TARGET, in.bytes());
    }

    /** Item 10: a study UID of any length and shape is accepted or refused (400), never a stack overflow. */
    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void studyUidsOfAnyLengthAreRefusedCleanly(@ForAll("uids") String uid) {
        Budget.run(TARGET, ("{\"studyInstanceUid\":\"" + uid + "\",\"series\":[{\"seriesInstanceUid\":\"" + uid + ".1\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> uids() {
        Arbitrary<String> part = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3);
        return part.list().ofMinSize(1).ofMaxSize(4000).map(l -> String.join(".", l));
    }
}
