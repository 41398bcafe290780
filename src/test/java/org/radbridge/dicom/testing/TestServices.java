package org.radbridge.dicom.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.BasicCFindScp;
import org.radbridge.dicom.net.service.BasicQueryTask;
import org.radbridge.dicom.net.service.NServiceScp;
import org.radbridge.dicom.net.service.QueryTask;

/** Small services for tests: a worklist C-FIND SCP over a list, and a recording N-CREATE/N-SET SCP. */
public final class TestServices {

    private TestServices() {
    }

    /**
     * A Modality Worklist C-FIND SCP returning every item of a list whose SPS Modality matches the query's
     * (or all when the query has none), optionally slowly (to test C-CANCEL). Records what happened.
     */
    public static final class ListWorklistScp extends BasicCFindScp {
        private final List<Attributes> items;
        private final long delayMillis;
        private final String responseCharset;
        public final List<Attributes> queries = new CopyOnWriteArrayList<>();
        public final List<Integer> returnedCounts = new CopyOnWriteArrayList<>();
        public final AtomicBoolean canceled = new AtomicBoolean();

        public ListWorklistScp(List<Attributes> items, long delayMillis, String responseCharset) {
            super(UID.ModalityWorklistInformationModelFind);
            this.items = items;
            this.delayMillis = delayMillis;
            this.responseCharset = responseCharset;
        }

        @Override
        protected QueryTask calculateMatches(Association as, PresentationContext pc, Attributes rq, Attributes keys)
                throws DicomServiceException {
            queries.add(keys);
            Attributes spsKeys = keys.getNestedItem(Tag.ScheduledProcedureStepSequence);
            String modality = spsKeys == null ? null : spsKeys.getString(Tag.Modality);
            if ("XX".equals(modality)) {
                throw new DicomServiceException(Status.UNABLE_TO_PROCESS, "Modality XX refused by test");
            }
            List<Attributes> matches = new ArrayList<>();
            for (Attributes item : items) {
                Attributes sps = item.getNestedItem(Tag.ScheduledProcedureStepSequence);
                if (modality == null || (sps != null && modality.equals(sps.getString(Tag.Modality)))) {
                    matches.add(item);
                }
            }
            Iterator<Attributes> it = matches.iterator();
            return new BasicQueryTask(keys, responseCharset) {
                int returned;

                @Override
                public boolean hasMoreMatches() {
                    return !isCanceled() && it.hasNext();
                }

                @Override
                protected Attributes next() {
                    if (delayMillis > 0) {
                        try {
                            Thread.sleep(delayMillis); // paces a deliberately slow SCP
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    returned++;
                    return it.next();
                }

                @Override
                public void cancel() {
                    super.cancel();
                    canceled.set(true);
                }

                @Override
                public void close() {
                    returnedCounts.add(returned);
                }
            };
        }
    }

    /** An N-CREATE / N-SET / N-EVENT-REPORT SCP keeping instances in a map (MPPS-like plumbing test). */
    public static final class RecordingNScp extends NServiceScp {
        public final Map<String, Attributes> instances = new ConcurrentHashMap<>();
        public final List<Integer> events = new CopyOnWriteArrayList<>();

        public RecordingNScp(String... sopClasses) {
            super(sopClasses);
        }

        @Override
        protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
            if (instances.putIfAbsent(iuid, data) != null) {
                throw new DicomServiceException(Status.DUPLICATE_SOP_INSTANCE, "Duplicate SOP Instance");
            }
            return null;
        }

        @Override
        protected Attributes set(Association as, Attributes rq, String iuid, Attributes data) throws DicomServiceException {
            Attributes stored = instances.get(iuid);
            if (stored == null) {
                throw new DicomServiceException(Status.NO_SUCH_OBJECT_INSTANCE, "No such MPPS instance");
            }
            if ("COMPLETED".equals(stored.getString(Tag.PerformedProcedureStepStatus))) {
                throw new DicomServiceException(Status.MPPS_NO_LONGER_UPDATABLE, "MPPS already completed");
            }
            stored.addAll(data);
            Attributes echo = new Attributes();
            echo.setString(Tag.PerformedProcedureStepStatus, VR.CS, stored.getString(Tag.PerformedProcedureStepStatus));
            return echo;
        }

        @Override
        protected Attributes eventReport(Association as, Attributes rq, String iuid, int eventTypeId, Attributes data) {
            events.add(eventTypeId);
            return null;
        }
    }
}
