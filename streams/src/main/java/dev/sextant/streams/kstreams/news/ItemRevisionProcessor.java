package dev.sextant.streams.kstreams.news;

import dev.sextant.schemas.v1.NewsItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The item stage, keyed by item id: compares each revision with the one counted before and sends
 * the asset stage only the difference, keyed by asset, so a story counts once per asset with its
 * latest revision and an asset a revision drops stops counting it.
 */
final class ItemRevisionProcessor implements Processor<String, NewsItem, String, MentionChange> {

  private final NewsScoreConfig config;
  private final NewsScoreMetrics metrics;
  private final ItemMentions reader;
  private ProcessorContext<String, MentionChange> context;
  private KeyValueStore<String, ItemState> items;

  ItemRevisionProcessor(NewsScoreConfig config, NewsScoreMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.reader = new ItemMentions(config);
  }

  @Override
  public void init(ProcessorContext<String, MentionChange> context) {
    this.context = context;
    this.items = context.getStateStore(NewsScoreConfig.ITEM_STORE);
    // On stream time, like every other decision of this stage, so that pruning happens at the same
    // points of the input in every run.
    context.schedule(config.itemPruneInterval(), PunctuationType.STREAM_TIME, this::prune);
  }

  @Override
  public void process(Record<String, NewsItem> record) {
    String id = record.key();
    if (id == null || id.isEmpty()) {
      metrics.count(InputProblem.NO_KEY);
      return;
    }
    long now = StreamClock.streamTime(context);
    ItemState previous = remembered(id, now);
    if (record.value() == null) {
      // A tombstone on the compacted topic: the story is gone, withdraw all it counted.
      apply(record, previous, Map.of());
      items.delete(id);
      return;
    }
    NewsItem item = record.value();
    if (previous != null && item.getRevision() < previous.revision()) {
      metrics.count(InputProblem.STALE_REVISION);
      return;
    }
    Optional<ItemMentions.Reading> reading =
        reader.read(item, record.timestamp(), now, metrics::count);
    if (reading.isEmpty()) {
      return;
    }
    Map<String, Mention> target = reading.get().mentions();
    apply(record, previous, target);
    if (previous != null || !target.isEmpty()) {
      // Kept even without mentions, so that an older revision arriving later stays stale.
      items.put(id, new ItemState(item.getRevision(), reading.get().publishedMs(), target));
    }
  }

  /**
   * The item's counted revision, or null once it is past the retention at {@code now}: an item is
   * forgotten at the same point of the input whether or not the prune has run yet, so the output
   * does not depend on when punctuation happens.
   */
  private ItemState remembered(String id, long now) {
    ItemState state = items.get(id);
    return state == null || isExpired(state, now) ? null : state;
  }

  private boolean isExpired(ItemState state, long now) {
    return state.publishedMs() <= now - config.itemRetention().toMillis();
  }

  private void apply(Record<String, ?> record, ItemState previous, Map<String, Mention> target) {
    String id = record.key();
    Map<String, Mention> before = previous == null ? Map.of() : previous.mentions();
    for (String asset : before.keySet()) {
      if (!target.containsKey(asset)) {
        context.forward(record.withKey(asset).withValue(MentionChange.removal(id)));
      }
    }
    for (Map.Entry<String, Mention> e : target.entrySet()) {
      if (!e.getValue().equals(before.get(e.getKey()))) {
        context.forward(
            record.withKey(e.getKey()).withValue(MentionChange.upsert(id, e.getValue())));
      }
    }
  }

  /** Forgets items published before the retention: no window can hold them any more. */
  private void prune(long streamTimeMs) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, ItemState> all = items.all()) {
      while (all.hasNext()) {
        KeyValue<String, ItemState> entry = all.next();
        if (isExpired(entry.value, streamTimeMs)) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(items::delete);
  }
}
