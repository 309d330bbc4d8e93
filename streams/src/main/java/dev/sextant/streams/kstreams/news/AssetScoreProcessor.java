package dev.sextant.streams.kstreams.news;

import dev.sextant.schemas.v1.NewsScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The asset stage, keyed by asset: keeps each asset's mentions (one per item, pruned past the
 * horizon), emits the asset's score on every change, and on a wall-clock schedule re-emits the
 * scores that changed because mentions left a window.
 *
 * <p>Scores sent for a change are computed at stream time and are deterministic. The wall-clock
 * rescoring only reads the mentions (it prunes them on stream time, which is output-neutral), so it
 * never changes what a later change emits.
 */
final class AssetScoreProcessor implements Processor<String, MentionChange, String, NewsScore> {

  private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

  private final NewsScoreConfig config;
  private final ScoreCalculator calculator;
  private ProcessorContext<String, NewsScore> context;
  private KeyValueStore<String, Mention> mentions;
  private KeyValueStore<String, NewsScore> lastScores;

  AssetScoreProcessor(NewsScoreConfig config) {
    this.config = config;
    this.calculator = new ScoreCalculator(config);
  }

  @Override
  public void init(ProcessorContext<String, NewsScore> context) {
    this.context = context;
    this.mentions = context.getStateStore(NewsScoreConfig.MENTION_STORE);
    this.lastScores = context.getStateStore(NewsScoreConfig.SCORE_STORE);
    context.schedule(config.scoreInterval(), PunctuationType.WALL_CLOCK_TIME, this::rescore);
  }

  @Override
  public void process(Record<String, MentionChange> record) {
    String asset = record.key();
    MentionChange change = record.value();
    if (asset == null || change == null) {
      return; // never written by the item stage
    }
    String key = asset + ItemMentions.KEY_SEPARATOR + change.itemId();
    if (change.removed()) {
      mentions.delete(key);
    } else {
      mentions.put(key, change.mention());
    }
    long now = StreamClock.streamTime(context);
    emit(asset, now, now, true);
  }

  /**
   * Recomputes every scored asset at the present (the wall clock on a quiet partition); emits those
   * whose statistics moved. Prunes only by stream time: pruning by the wall clock would take
   * mentions from a replay still running behind it.
   */
  private void rescore(long wallClockMs) {
    long now = StreamClock.present(context);
    long streamTime = StreamClock.streamTime(context);
    List<String> assets = new ArrayList<>();
    try (KeyValueIterator<String, NewsScore> all = lastScores.all()) {
      while (all.hasNext()) {
        assets.add(all.next().key);
      }
    }
    for (String asset : assets) {
      emit(asset, now, streamTime, false);
    }
  }

  /**
   * Sends the score of {@code asset} at {@code now}, always or only when it moved; mentions past
   * the horizon at {@code streamTime} are pruned.
   */
  private void emit(String asset, long now, long streamTime, boolean always) {
    List<Mention> live = liveMentions(asset, streamTime);
    NewsScore score = calculator.score(asset, live, now);
    NewsScore last = lastScores.get(asset);
    if (always || last == null || !sameStatistics(last, score)) {
      context.forward(new Record<>(asset, score, now));
    }
    if (live.isEmpty()) {
      // Nothing left within the horizon: the zero score was sent, stop rescoring the asset.
      lastScores.delete(asset);
    } else {
      lastScores.put(asset, score);
    }
  }

  /** The asset's mentions within the horizon at stream time; deletes those past it. */
  private List<Mention> liveMentions(String asset, long streamTime) {
    long cutoff = streamTime - config.horizon().toMillis();
    List<Mention> live = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Mention> it =
        mentions.prefixScan(asset + ItemMentions.KEY_SEPARATOR, PREFIX_SERIALIZER)) {
      while (it.hasNext()) {
        KeyValue<String, Mention> entry = it.next();
        if (entry.value.publishedMs() <= cutoff) {
          expired.add(entry.key);
        } else {
          live.add(entry.value);
        }
      }
    }
    expired.forEach(mentions::delete);
    return live;
  }

  private static boolean sameStatistics(NewsScore a, NewsScore b) {
    return a.toBuilder().clearEventTime().build().equals(b.toBuilder().clearEventTime().build());
  }
}
