package org.radbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The swap happens between messages: {@link ConfigGate#exclusive} waits for an exchange in flight (through a
 * direct: sub-route, which shares the exchange's share of the gate) and gives up with {@link ConfigGate.Busy} after
 * its timeout; a new exchange waits while a swap runs.
 */
class ConfigGateTest {

    @Test
    void aSwapWaitsForTheMessageInFlightAndNewMessagesWaitForTheSwap() throws Exception {
        ConfigGate gate = new ConfigGate();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutePolicyFactory(gate);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:outer").routeId("outer").to("direct:inner");
                    from("direct:inner").routeId("inner").process(e -> {
                        inside.countDown();
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                        e.getMessage().setBody("done");
                    });
                    from("direct:quick").routeId("quick").setBody(constant("quick"));
                }
            });
            camel.start();
            var template = camel.createProducerTemplate();
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> template.requestBody("direct:outer", "x", String.class));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertThrows(ConfigGate.Busy.class, () -> gate.exclusive(Duration.ofMillis(300), () -> null),
                    "a swap does not run while a message is in flight");
            AtomicBoolean swapped = new AtomicBoolean();
            CompletableFuture<Object> swap = CompletableFuture.supplyAsync(() -> {
                try {
                    return gate.exclusive(Duration.ofSeconds(30), () -> {
                        swapped.set(true);
                        Thread.sleep(300); // a slow swap (the work under the gate), not a wait
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            org.radbridge.testing.Waits.holds("no swap while a message is in flight", Duration.ofMillis(300), () -> !swapped.get());
            assertTrue(!swapped.get(), "still waiting for the message in flight");
            release.countDown();
            assertEquals("done", slow.get(10, TimeUnit.SECONDS));
            swap.get(10, TimeUnit.SECONDS);
            assertTrue(swapped.get());
            assertEquals("quick", template.requestBody("direct:quick", "x", String.class), "the gate is open again");
        }
    }
}
