package dev.sextant.query.view;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.util.concurrent.atomic.AtomicLong;

/** Test trades and positions with readable defaults. */
public final class Trades {

  /** 2026-01-01T00:00:00Z, the event time of second 0 in these fixtures. */
  public static final long EPOCH = 1_767_225_600L;

  private static final AtomicLong ids = new AtomicLong();

  private Trades() {}

  /** A trade at {@code EPOCH + second}, ingested half a second later. */
  public static Trade trade(String instrument, String price, long second) {
    return trade(instrument, price, second, 500_000_000);
  }

  /** A trade at {@code EPOCH + second}, ingested {@code ingestNanos} after that second. */
  public static Trade trade(String instrument, String price, long second, int ingestNanos) {
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue(instrument.substring(0, Math.max(0, instrument.indexOf(':'))))
        .setTradeId(Long.toString(ids.incrementAndGet()))
        .setPrice(Decimals.of(price))
        .setSize(Decimals.of("0.01"))
        .setSide(Side.SIDE_BUY)
        .setEventTime(at(second, 0))
        .setIngestTime(at(second, ingestNanos))
        .build();
  }

  /** A position on market.trades.v1. */
  public static Position position(int partition, long offset) {
    return Position.newBuilder()
        .setTopic(Topics.MARKET_TRADES.name())
        .setPartition(partition)
        .setOffset(offset)
        .build();
  }

  public static Timestamp at(long second, int nanos) {
    return Timestamp.newBuilder().setSeconds(EPOCH + second).setNanos(nanos).build();
  }
}
