package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void aFaultHitsItsNumberOfMatchingCallsAndIsCounted() {
        FaultInjector faults = new FaultInjector();
        faults.add("crm.deal.update", 500, null, 2, 0);

        assertThat(faults.take("crm.deal.get")).isEmpty();
        assertThat(faults.take("crm.deal.update")).isPresent();
        assertThat(faults.pending()).singleElement().satisfies(f -> assertThat(f.remaining().get()).isEqualTo(1));
        assertThat(faults.take("crm.deal.update")).isPresent();
        assertThat(faults.take("crm.deal.update")).isEmpty();
        assertThat(faults.pending()).isEmpty();
        assertThat(faults.injectedCount()).isEqualTo(2);
    }

    @Test
    void aProbableFaultHitsAboutItsShareAndLetsTheRestPassToTheNextFault() {
        FaultInjector faults = new FaultInjector(new Random(7));
        faults.add(new FaultInjector.Fault("batch", 503, null, 0, false, 0.25, new AtomicInteger(1000)));
        faults.add(new FaultInjector.Fault("batch", 500, null, 0, false, 1.0, new AtomicInteger(1000)));

        int first = 0;
        int second = 0;
        for (int i = 0; i < 400; i++) {
            int status = faults.take("batch").orElseThrow().status();
            if (status == 503) {
                first++;
            } else {
                second++;
            }
        }

        assertThat(first).isBetween(70, 130);
        assertThat(first + second).isEqualTo(400);
        assertThat(faults.pending()).extracting(f -> f.remaining().get()).containsExactly(1000 - first, 1000 - second);
    }

    @Test
    void aProbableFaultThatMissesUsesNothingUp() {
        FaultInjector faults = new FaultInjector(new Random(1));
        faults.add(new FaultInjector.Fault("batch", 503, null, 0, false, 0.5, new AtomicInteger(3)));

        int hits = 0;
        for (int i = 0; i < 100; i++) {
            hits += faults.take("batch").isPresent() ? 1 : 0;
        }

        assertThat(hits).isEqualTo(3);
        assertThat(faults.injectedCount()).isEqualTo(3);
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> new FaultInjector.Fault("x", 500, null, 0, false, 0, new AtomicInteger(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultInjector.Fault("x", 500, null, 0, false, 1.5, new AtomicInteger(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
