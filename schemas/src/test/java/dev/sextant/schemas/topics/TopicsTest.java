package dev.sextant.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.v1.Trade;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldListEveryTopicConstantInAll() {
    List<Topic<?>> constants =
        Arrays.stream(Topics.class.getDeclaredFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Topic.class)
            .map(TopicsTest::value)
            .toList();

    assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void shouldUseUniqueVersionedNames() {
    List<String> names = Topics.ALL.stream().map(Topic::name).toList();

    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z.]+\\.v[0-9]+"));
  }

  @Test
  void shouldFindTopicByName() {
    assertThat(Topics.byName("market.trades.v1")).hasValue(Topics.MARKET_TRADES);
    assertThat(Topics.byName("market.trades.v0")).isEmpty();
  }

  @Test
  void shouldKeepCompactedTopicsForever() {
    Topics.ALL.stream()
        .filter(t -> t.cleanup() == Topic.Cleanup.COMPACT)
        .forEach(t -> assertThat(t.retentionMs()).as(t.name()).isEqualTo(-1L));
    assertThat(Topic.Cleanup.COMPACT.config()).isEqualTo("compact");
  }

  @Test
  void shouldRoundTripValuesThroughTheTopicSerde() {
    Trade trade = Trade.newBuilder().setInstrument("coinbase:BTC-USD").setTradeId("42").build();
    var serde = Topics.MARKET_TRADES.serde();

    byte[] bytes = serde.serializer().serialize(Topics.MARKET_TRADES.name(), trade);

    assertThat(serde.deserializer().deserialize(Topics.MARKET_TRADES.name(), bytes))
        .isEqualTo(trade);
  }

  @Test
  void shouldRejectTopicWithoutPartitions() {
    assertThatThrownBy(
            () ->
                new Topic<>(
                    "x.v1",
                    "key",
                    Trade.class,
                    Trade.parser(),
                    0,
                    Topic.Cleanup.DELETE,
                    Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.v1: partitions must be >= 1");
  }

  private static Topic<?> value(Field field) {
    try {
      return (Topic<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
