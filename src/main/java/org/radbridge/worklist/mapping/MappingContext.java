package org.radbridge.worklist.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.order.OrderStep;

/**
 * What a mapping rule sees while one worklist item is built: the message, the step (its segments, group
 * and header), the sender's switches (options.yaml overridden per sender), the station routing table and
 * the item built so far; warnings collect dropped or shortened values (journaled, no PHI).
 */
public final class MappingContext {

    private final Hl7Message message;
    private final OrderStep step;
    private final BiFunction<String, String, String> option;
    private final StationRouting routing;
    private final Attributes item;
    private final List<String> warnings = new ArrayList<>();

    public MappingContext(Hl7Message message, OrderStep step, BiFunction<String, String, String> option,
            StationRouting routing, Attributes item) {
        this.message = message;
        this.step = step;
        this.option = option;
        this.routing = routing;
        this.item = item;
    }

    public Hl7Message message() {
        return message;
    }

    public OrderStep step() {
        return step;
    }

    /** A switch value (e.g. "protocol-code"); {@code def} when neither the sender nor options.yaml sets it. */
    public String option(String name, String def) {
        return option.apply(name, def);
    }

    public Attributes item() {
        return item;
    }

    public List<String> warnings() {
        return warnings;
    }

    public void warn(String w) {
        warnings.add(w);
    }

    /** Station from the routing table for the item's modality and the step's location. */
    public String routeStation() {
        if (routing == null) {
            return "";
        }
        Attributes sps = item.getNestedItem(Tag.ScheduledProcedureStepSequence);
        String modality = sps == null ? "" : sps.getString(Tag.Modality, "");
        var seg = step.find(routing.locationPath().segment());
        return routing.station(modality, routing.locationPath().valueIn(seg));
    }
}
