package dev.sextant.query.market;

import static dev.sextant.query.view.Trades.EPOCH;
import static dev.sextant.query.view.Trades.position;
import static dev.sextant.query.view.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Duration;
import dev.sextant.query.view.LatestPriceView;
import dev.sextant.query.view.Trades;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.query.v1.GetCandlesRequest;
import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.PriceQuote;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarketServiceTest {

  private static final Set<String> ASSETS = Set.of("BTC", "ETH", "USD", "USDT");
  // 2.3 s after second 100 of the fixtures.
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(EPOCH + 100, 300_000_000), ZoneOffset.UTC);

  private final LatestPriceView view = new LatestPriceView();
  private final AtomicReference<Optional<String>> unavailable =
      new AtomicReference<>(Optional.empty());
  private Server server;
  private ManagedChannel channel;
  private MarketServiceGrpc.MarketServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new MarketService(view, ASSETS::contains, unavailable::get, CLOCK))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = MarketServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
  }

  private PriceQuote getPrice(String key) {
    return stub.getPrice(GetPriceRequest.newBuilder().setKey(key).build()).getPrice();
  }

  private Status failure(String key) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> getPrice(key)).getStatus();
  }

  @Test
  void shouldAnswerAssetPriceFromLatestUsdTradeWithAgeFromTheClock() {
    view.apply(trade("coinbase:BTC-USD", "64123.45", 98), position(3, 1234));
    view.apply(trade("binance:BTC-USDT", "64200", 99), position(1, 7));

    PriceQuote quote = getPrice("BTC");

    assertThat(quote.getKey()).isEqualTo("BTC");
    assertThat(quote.getQuote()).isEqualTo("USD");
    assertThat(quote.getPrice().getValue()).isEqualTo("64123.45");
    assertThat(quote.getSourcesList()).containsExactly("coinbase:BTC-USD");
    assertThat(quote.getEventTime()).isEqualTo(Trades.at(98, 0));
    assertThat(quote.getIngestTime()).isEqualTo(Trades.at(98, 500_000_000));
    assertThat(quote.getAge())
        .isEqualTo(Duration.newBuilder().setSeconds(2).setNanos(300_000_000).build());
    assertThat(quote.getPosition()).isEqualTo(position(3, 1234));
  }

  @Test
  void shouldAnswerAnInstrumentExactly() {
    view.apply(trade("coinbase:BTC-USD", "64123.45", 98), position(3, 1234));
    view.apply(trade("binance:BTC-USDT", "64200", 99), position(1, 7));

    PriceQuote quote = getPrice("binance:BTC-USDT");

    assertThat(quote.getKey()).isEqualTo("binance:BTC-USDT");
    assertThat(quote.getQuote()).isEqualTo("USDT");
    assertThat(quote.getPrice().getValue()).isEqualTo("64200");
    assertThat(quote.getPosition()).isEqualTo(position(1, 7));
  }

  @Test
  void shouldRequireAKey() {
    Status status = failure("");

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("key is required: an asset symbol (BTC) or an instrument (coinbase:BTC-USD)");
  }

  @Test
  void shouldRejectAMalformedInstrumentWithTheParseMessage() {
    Status status = failure("coinbase:BTCUSD");

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo(
            "'coinbase:BTCUSD' is not an instrument: expected venue:BASE-QUOTE[-PERP|-YYMMDD]");
  }

  @Test
  void shouldRejectAnUnknownAsset() {
    Status status = failure("NOPE");

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).isEqualTo("unknown asset NOPE");
  }

  @Test
  void shouldAnswerNotFoundForAKnownKeyWithoutAPrice() {
    view.apply(trade("coinbase:BTC-USD", "64123.45", 98), position(0, 0));

    assertThat(failure("ETH").getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure("ETH").getDescription()).isEqualTo("no price for ETH yet");
    assertThat(failure("kraken:BTC-USD").getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure("kraken:BTC-USD").getDescription())
        .isEqualTo("no price for kraken:BTC-USD yet");
  }

  @Test
  void shouldAnswerUnavailableWhileTheViewRebuilds() {
    view.apply(trade("coinbase:BTC-USD", "64123.45", 98), position(0, 0));
    unavailable.set(Optional.of(ViewStatus.REBUILDING));

    Status status = failure("BTC");

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).isEqualTo("views are rebuilding from Kafka");
  }

  @Test
  void shouldAnswerUnavailableNamingTheReasonRatherThanAFrozenPriceOnceTheViewStopped() {
    view.apply(trade("coinbase:BTC-USD", "64123.45", 98), position(0, 0));
    unavailable.set(Optional.of(ViewStatus.stopped(new IllegalStateException("corrupt batch"))));

    Status status = failure("BTC");

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).isEqualTo("the price view stopped: corrupt batch");
  }

  @Test
  void shouldLeaveCandlesUnimplemented() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub.getCandles(GetCandlesRequest.newBuilder().setInstrument("x:A-B").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }
}
