package org.radbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;

/** Scheduled Procedure Steps of order messages: one per IPC (OMI), else one per OBR (ORM/OMG). */
class OrderStepTest {

    @Test
    void omiHasOneStepPerIpc() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||OMI^O23|1|P|2.5.1\rPID|1||P1\rNTE|1||patient note\r"
                + "ORC|NW|PLC1\rTQ1|1||||||20260101\rOBR|1|PLC1||X^Y\rIPC|ACC|RP|1.2.3|SPS1|CT\rIPC|ACC|RP|1.2.3|SPS2|CT\rOBX|1\r");
        List<OrderStep> steps = OrderStep.of(m);
        assertEquals(2, steps.size());
        assertEquals("SPS2", steps.get(1).find("IPC").value(4));
        assertEquals(2, steps.get(1).stepInGroup());
        assertEquals("20260101", steps.get(1).find("TQ1").value(7), "group segments are visible");
        assertEquals("patient note", steps.get(0).findInHeader("NTE").value(3));
        assertEquals("PLC1", steps.get(0).obr().value(2));
    }

    @Test
    void ormHasOneStepPerOrderGroup() {
        Hl7Message m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||ORM^O01|1|P|2.3.1\rPID|1||P1\r"
                + "ORC|NW|PLC1\rOBR|1|PLC1||A\rNTE|1||first\rZDS|1.2.3\rORC|NW|PLC2\rOBR|1|PLC2||B\r");
        List<OrderStep> steps = OrderStep.of(m);
        assertEquals(2, steps.size());
        assertEquals("first", steps.get(0).find("NTE").value(3));
        assertEquals("1.2.3", steps.get(0).find("ZDS").value(1));
        assertNull(steps.get(1).find("ZDS"));
        assertNull(steps.get(1).find("NTE"), "the first group's NTE is not the second's");
        assertEquals(2, steps.get(1).group());
        assertNull(steps.get(0).ipc());
    }

    @Test
    void noOrderGroupNoSteps() {
        assertEquals(0, OrderStep.of(Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||ORM^O01|1|P|2.4\rPID|1||P1\r")).size());
    }
}
