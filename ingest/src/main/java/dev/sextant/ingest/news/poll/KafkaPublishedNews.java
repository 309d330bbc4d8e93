package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.NewsItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the published stories back from the compacted {@code news.items.v1}: every partition from
 * its beginning to the end offsets taken when the call begins ({@link CommittedReader}: read
 * committed, up to the high watermarks, within one deadline), keeping the latest record of each
 * key; a tombstone deletes its key. A read that does not reach the end in time, or that Kafka
 * fails, throws {@link PublishedNews.Unavailable}, which the news source retries with backoff.
 *
 * <p>Only the latest value of a key is decoded, once the read is done: a topic not yet compacted
 * holds many versions of busy stories, and their bytes are smaller than decoded items. A read-back
 * holds every story's latest item for a moment (a few KB each at most); the caller keeps only what
 * it needs of them.
 */
public final class KafkaPublishedNews implements PublishedNews {

  /**
   * Bound on one read-back. A year of the configured feeds is under a hundred thousand stories of a
   * few KB each: seconds on a healthy broker, so this leaves room for a slow one.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** A progress line every this many records, so a long read-back shows it is moving. */
  static final int PROGRESS_EVERY = 50_000;

  private static final String TOPIC = Topics.NEWS_ITEMS.name();
  private static final String CLIENT_ID = "sextant-news-history";
  private static final Logger log = LoggerFactory.getLogger(KafkaPublishedNews.class);

  private final String bootstrapServers;
  private final Duration timeout;

  public KafkaPublishedNews(String bootstrapServers) {
    this(bootstrapServers, DEFAULT_TIMEOUT);
  }

  KafkaPublishedNews(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  @Override
  public List<NewsItem> items() {
    long began = System.nanoTime();
    Latest latest = new Latest();
    try {
      CommittedReader.read(
          bootstrapServers, CLIENT_ID, TOPIC, timeout, CommittedReader.Start.BEGINNING, latest);
    } catch (KafkaException e) {
      // An interrupt (Kafka's InterruptException) keeps the thread's flag: the source stops.
      throw new Unavailable("cannot read " + TOPIC + " back: " + e.getMessage(), e);
    }
    var deserializer = Topics.NEWS_ITEMS.serde().deserializer();
    List<NewsItem> items = new ArrayList<>(latest.values.size());
    // Each value is dropped once decoded: the bytes and the items are never all held together.
    for (var values = latest.values.entrySet().iterator(); values.hasNext(); ) {
      Map.Entry<String, byte[]> value = values.next();
      values.remove();
      try {
        items.add(deserializer.deserialize(TOPIC, value.getValue()));
      } catch (RuntimeException e) {
        // Not written by the poller: skipped rather than keeping every other story unread.
        log.warn(
            "{}: the record of key {} is not a NewsItem, skipped: {}",
            TOPIC,
            value.getKey(),
            e.toString());
      }
    }
    log.info(
        "read back {} stories from {} ({} records, {} tombstones) in {} ms",
        items.size(),
        TOPIC,
        latest.records,
        latest.tombstones,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    return items;
  }

  /** The latest value per key of the records seen so far. */
  private static final class Latest implements Consumer<ConsumerRecord<String, byte[]>> {
    final Map<String, byte[]> values = new HashMap<>();
    long records;
    long tombstones;

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
      records++;
      if (records % PROGRESS_EVERY == 0) {
        log.info("reading {} back: {} records, {} stories so far", TOPIC, records, values.size());
      }
      if (record.key() == null) {
        return; // the sink always keys items by id: not one of ours
      }
      if (record.value() == null) {
        tombstones++;
        values.remove(record.key());
      } else {
        values.put(record.key(), record.value());
      }
    }
  }
}
