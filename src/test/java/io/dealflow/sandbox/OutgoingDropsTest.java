package io.dealflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

class OutgoingDropsTest {

    @Test
    void dropsAboutItsShareAndCountsThem() {
        OutgoingDrops drops = new OutgoingDrops(new Random(3));
        assertThat(drops.drop()).as("nothing is lost by default").isFalse();

        drops.setRate(0.3);
        int lost = 0;
        for (int i = 0; i < 1000; i++) {
            lost += drops.drop() ? 1 : 0;
        }

        assertThat(lost).isBetween(250, 350);
        assertThat(drops.droppedCount()).isEqualTo(lost);
        drops.setRate(1);
        assertThat(drops.drop()).isTrue();
        drops.reset();
        assertThat(drops.droppedCount()).isZero();
        assertThat(drops.rate()).isZero();
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThatThrownBy(() -> new OutgoingDrops().setRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutgoingDrops().setRate(1.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReceiverSettingNamesOneOrSeveralUrls() {
        assertThat(OutgoingDrops.targets(" ")).isEmpty();
        assertThat(OutgoingDrops.targets("http://a/x")).containsExactly("http://a/x");
        assertThat(OutgoingDrops.targets("http://a/x, http://b/x?token=t,")).containsExactly("http://a/x",
                "http://b/x?token=t");
    }
}
