package dev.sextant.ingest.chain.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.tail.LogRange.Range;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRangeTest {

  @Test
  void shouldStartAtTheConfiguredSize() {
    LogRange range = new LogRange(2000, 2000);

    assertThat(range.next(1000, 1_000_000)).isEqualTo(new Range(1000, 2999));
    assertThat(range.next(1000, 1_000_000).size()).isEqualTo(2000);
  }

  @Test
  void shouldNotPassTheEndBlock() {
    LogRange range = new LogRange(2000, 2000);

    assertThat(range.next(1000, 1500)).isEqualTo(new Range(1000, 1500));
    assertThat(range.next(1500, 1500)).isEqualTo(new Range(1500, 1500));
    assertThat(range.next(0, Long.MAX_VALUE)).isEqualTo(new Range(0, 1999));
    assertThat(range.next(Long.MAX_VALUE - 10, Long.MAX_VALUE))
        .isEqualTo(new Range(Long.MAX_VALUE - 10, Long.MAX_VALUE));
    assertThatThrownBy(() -> range.next(11, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHalveOnEachRefusalDownToOneThenReportFailure() {
    LogRange range = new LogRange(2000, 2000);
    List<Long> sizes = new ArrayList<>();

    while (range.refused()) {
      sizes.add(range.size());
    }

    assertThat(sizes).containsExactly(1000L, 500L, 250L, 125L, 62L, 31L, 15L, 7L, 3L, 1L);
    assertThat(range.size()).isEqualTo(1);
    assertThat(range.refused()).isFalse();
    assertThat(range.size()).isEqualTo(1);
  }

  @Test
  void shouldGrowBackByDoublingCappedAtTheMaximum() {
    LogRange range = new LogRange(2000, 2000);
    range.refused();
    range.refused();
    range.refused();
    assertThat(range.size()).isEqualTo(250);
    List<Long> sizes = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      range.succeeded();
      sizes.add(range.size());
    }

    assertThat(sizes).containsExactly(500L, 1000L, 2000L, 2000L, 2000L);
  }

  @Test
  void shouldWalkABackfillAdaptingToRefusals() {
    LogRange range = new LogRange(100, 400);
    List<Range> asked = new ArrayList<>();
    long from = 0;
    long to = 999;
    // The node refuses any range over 150 blocks.
    while (from <= to) {
      Range r = range.next(from, to);
      asked.add(r);
      if (r.size() > 150) {
        assertThat(range.refused()).isTrue();
      } else {
        range.succeeded();
        from = r.to() + 1;
      }
    }

    assertThat(asked)
        .containsExactly(
            new Range(0, 99),
            new Range(100, 299),
            new Range(100, 199),
            new Range(200, 399),
            new Range(200, 299),
            new Range(300, 499),
            new Range(300, 399),
            new Range(400, 599),
            new Range(400, 499),
            new Range(500, 699),
            new Range(500, 599),
            new Range(600, 799),
            new Range(600, 699),
            new Range(700, 899),
            new Range(700, 799),
            new Range(800, 999),
            new Range(800, 899),
            new Range(900, 999));
  }

  @Test
  void shouldGrowToTheMaximumFromAnOddStart() {
    LogRange range = new LogRange(3, 10);

    range.succeeded();
    assertThat(range.size()).isEqualTo(6);
    range.succeeded();
    assertThat(range.size()).isEqualTo(10);
    range.refused();
    assertThat(range.size()).isEqualTo(5);
  }

  @Test
  void shouldRejectAnInvalidConfiguration() {
    assertThatThrownBy(() -> new LogRange(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LogRange(20, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
