package dev.sextant.deploy.streams;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Price;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a read_committed reader sees on {@code indicators.v1} and {@code prices.v1}: the values of
 * each key in the order they were written (one key is in one partition, so its order is defined).
 *
 * <p>Prices are kept with {@code compute_time} cleared: it is the wall-clock time of the
 * computation, different in every run. Nothing else in either message depends on the clock.
 */
record DerivedOutputs(
    Map<String, List<IndicatorSnapshot>> indicators, Map<String, List<Price>> prices) {

  static DerivedOutputs read(String bootstrapServers) {
    return new DerivedOutputs(
        byKey(bootstrapServers, Topics.INDICATORS.name(), DerivedOutputs::indicator),
        byKey(
            bootstrapServers,
            Topics.PRICES.name(),
            bytes -> price(bytes).toBuilder().clearComputeTime().build()));
  }

  /** How many values were read, all keys together. */
  int size() {
    return indicators.values().stream().mapToInt(List::size).sum()
        + prices.values().stream().mapToInt(List::size).sum();
  }

  /** The latest value of each key. */
  DerivedOutputs latest() {
    return new DerivedOutputs(last(indicators), last(prices));
  }

  private static <V> Map<String, List<V>> last(Map<String, List<V>> byKey) {
    Map<String, List<V>> last = new TreeMap<>();
    byKey.forEach((k, values) -> last.put(k, List.of(values.getLast())));
    return last;
  }

  private static <V> Map<String, List<V>> byKey(
      String bootstrapServers, String topic, Function<byte[], V> parse) {
    Map<String, List<V>> byKey = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r :
        CommittedReader.readAll(
            bootstrapServers, "streams-crash-it", topic, Duration.ofSeconds(30))) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(parse.apply(r.value()));
    }
    return byKey;
  }

  /** Keys whose sequences differ from {@code other}'s, with the first differing position. */
  Map<String, String> differences(DerivedOutputs other) {
    Map<String, String> diffs = new LinkedHashMap<>();
    diff("indicators.v1 ", indicators, other.indicators, diffs);
    diff("prices.v1 ", prices, other.prices, diffs);
    return diffs;
  }

  private static <V> void diff(
      String prefix,
      Map<String, List<V>> mine,
      Map<String, List<V>> theirs,
      Map<String, String> out) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    mine.keySet().forEach(k -> keys.put(k, true));
    theirs.keySet().forEach(k -> keys.put(k, true));
    for (String key : keys.keySet()) {
      List<V> a = mine.getOrDefault(key, List.of());
      List<V> b = theirs.getOrDefault(key, List.of());
      if (a.equals(b)) {
        continue;
      }
      int i = 0;
      while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
        i++;
      }
      out.put(
          prefix + key,
          "sizes "
              + a.size()
              + " vs "
              + b.size()
              + ", first difference at "
              + i
              + ": "
              + (i < a.size() ? a.get(i) : "(none)")
              + " vs "
              + (i < b.size() ? b.get(i) : "(none)"));
    }
  }

  private static IndicatorSnapshot indicator(byte[] bytes) {
    try {
      return IndicatorSnapshot.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not an IndicatorSnapshot", e);
    }
  }

  private static Price price(byte[] bytes) {
    try {
      return Price.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a Price", e);
    }
  }
}
