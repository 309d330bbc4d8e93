package dev.sextant.schemas.topics;

import dev.sextant.schemas.topics.Topic.Cleanup;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.NewsScore;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Signal;
import dev.sextant.schemas.v1.SourceCursor;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.schemas.v1.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalog: every topic Sextant reads or writes. The node creates and reconciles topics
 * from this list at start (DESIGN.md section 4); nobody creates topics by hand.
 */
public final class Topics {

  public static final Topic<Trade> MARKET_TRADES =
      new Topic<>(
          "market.trades.v1",
          "instrument",
          Trade.class,
          Trade.parser(),
          6,
          Cleanup.DELETE,
          Duration.ofDays(7));

  public static final Topic<Quote> MARKET_QUOTES =
      new Topic<>(
          "market.quotes.v1",
          "instrument",
          Quote.class,
          Quote.parser(),
          6,
          Cleanup.DELETE,
          Duration.ofHours(12));

  public static final Topic<BookUpdate> MARKET_BOOKS =
      new Topic<>(
          "market.books.v1",
          "instrument",
          BookUpdate.class,
          BookUpdate.parser(),
          6,
          Cleanup.DELETE,
          Duration.ofHours(6));

  public static final Topic<Block> CHAIN_BLOCKS =
      new Topic<>(
          "chain.blocks.v1",
          "chain id",
          Block.class,
          Block.parser(),
          1,
          Cleanup.DELETE,
          Duration.ofDays(30));

  public static final Topic<ChainEvent> CHAIN_EVENTS =
      new Topic<>(
          "chain.events.v1",
          "chain:contract",
          ChainEvent.class,
          ChainEvent.parser(),
          3,
          Cleanup.DELETE,
          Duration.ofDays(30));

  public static final Topic<NewsItem> NEWS_ITEMS =
      new Topic<>(
          "news.items.v1",
          "item id (hash of the canonical URL)",
          NewsItem.class,
          NewsItem.parser(),
          3,
          Cleanup.COMPACT,
          Topic.FOREVER);

  public static final Topic<NewsScore> NEWS_SCORES =
      new Topic<>(
          "news.scores.v1",
          "asset",
          NewsScore.class,
          NewsScore.parser(),
          3,
          Cleanup.COMPACT,
          Topic.FOREVER);

  public static final Topic<Price> PRICES =
      new Topic<>(
          "prices.v1",
          "asset or instrument",
          Price.class,
          Price.parser(),
          3,
          Cleanup.COMPACT,
          Topic.FOREVER);

  public static final Topic<IndicatorSnapshot> INDICATORS =
      new Topic<>(
          "indicators.v1",
          "instrument/interval",
          IndicatorSnapshot.class,
          IndicatorSnapshot.parser(),
          6,
          Cleanup.COMPACT,
          Topic.FOREVER);

  public static final Topic<Signal> SIGNALS =
      new Topic<>(
          "signals.v1",
          "asset",
          Signal.class,
          Signal.parser(),
          3,
          Cleanup.DELETE,
          Duration.ofDays(28));

  public static final Topic<Deposit> BILLING_DEPOSITS =
      new Topic<>(
          "billing.deposits.v1",
          "agent address",
          Deposit.class,
          Deposit.parser(),
          3,
          Cleanup.DELETE,
          Topic.FOREVER);

  public static final Topic<UsageRecord> BILLING_USAGE =
      new Topic<>(
          "billing.usage.v1",
          "agent address",
          UsageRecord.class,
          UsageRecord.parser(),
          3,
          Cleanup.DELETE,
          Topic.FOREVER);

  public static final Topic<DeadLetter> INGEST_DEADLETTER =
      new Topic<>(
          "ingest.deadletter.v1",
          "source",
          DeadLetter.class,
          DeadLetter.parser(),
          1,
          Cleanup.DELETE,
          Duration.ofDays(7));

  /** Source checkpoints, written in the same transaction as the records they cover. */
  public static final Topic<SourceCursor> INGEST_CURSORS =
      new Topic<>(
          "ingest.cursors.v1",
          "source id",
          SourceCursor.class,
          SourceCursor.parser(),
          1,
          Cleanup.COMPACT,
          Topic.FOREVER);

  /** Every topic, in catalog order. */
  public static final List<Topic<?>> ALL =
      List.of(
          MARKET_TRADES,
          MARKET_QUOTES,
          MARKET_BOOKS,
          CHAIN_BLOCKS,
          CHAIN_EVENTS,
          NEWS_ITEMS,
          NEWS_SCORES,
          PRICES,
          INDICATORS,
          SIGNALS,
          BILLING_DEPOSITS,
          BILLING_USAGE,
          INGEST_DEADLETTER,
          INGEST_CURSORS);

  private Topics() {}

  /** The catalog entry with this name. */
  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
