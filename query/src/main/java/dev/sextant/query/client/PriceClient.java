package dev.sextant.query.client;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.PriceQuote;
import io.grpc.Channel;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Asks a query node for a price, for the CLI's {@code sextant query price BTC}. */
public final class PriceClient {

  private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final MarketServiceGrpc.MarketServiceBlockingStub stub;
  private final Duration deadline;

  public PriceClient(Channel channel) {
    this(channel, DEFAULT_DEADLINE);
  }

  /**
   * @param deadline the most each call may take
   */
  public PriceClient(Channel channel, Duration deadline) {
    this.stub = MarketServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  /**
   * The latest price of an asset ({@code BTC}) or instrument ({@code coinbase:BTC-USD}).
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT, NOT_FOUND or UNAVAILABLE, with a
   *     description fit to show
   */
  public PriceQuote getPrice(String key) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .getPrice(GetPriceRequest.newBuilder().setKey(key).build())
        .getPrice();
  }

  /** One human line: {@code BTC 64123.45 USD (coinbase:BTC-USD, 2.3 s old)}. */
  public static String format(PriceQuote quote) {
    return quote.getKey()
        + " "
        + Decimals.toBigDecimal(quote.getPrice()).toPlainString()
        + " "
        + quote.getQuote()
        + "  ("
        + String.join(", ", quote.getSourcesList())
        + ", "
        + age(quote.getAge())
        + " old)";
  }

  private static String age(com.google.protobuf.Duration age) {
    long millis = age.getSeconds() * 1000 + age.getNanos() / 1_000_000;
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 3_600_000) {
      return (millis / 60_000) + " min";
    }
    if (millis < 86_400_000) {
      return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }
    return (millis / 86_400_000) + " d";
  }
}
