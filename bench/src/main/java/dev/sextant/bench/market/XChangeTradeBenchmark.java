package dev.sextant.bench.market;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dto.trade.BybitTrade;
import info.bitrich.xchangestream.binance.BinanceStreamingAdapters;
import info.bitrich.xchangestream.binance.dto.BinanceWebsocketTransaction;
import info.bitrich.xchangestream.binance.dto.TradeBinanceWebsocketTransaction;
import info.bitrich.xchangestream.bybit.BybitStreamAdapters;
import info.bitrich.xchangestream.coinbasepro.dto.CoinbaseProWebSocketTransaction;
import info.bitrich.xchangestream.kraken.KrakenStreamingAdapters;
import info.bitrich.xchangestream.service.netty.StreamingObjectMapperHelper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.knowm.xchange.coinbasepro.CoinbaseProAdapters;
import org.knowm.xchange.coinbasepro.dto.marketdata.CoinbaseProTrade;
import org.knowm.xchange.currency.CurrencyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The peer: XChange-stream's own parsing of the same trade frames, as its streaming services do it
 * (the Netty service's {@code readTree} of each message, then the market-data service's DTO mapping
 * and adapter to XChange {@code Trade}s), for the venues it supports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class XChangeTradeBenchmark {

  private static final ObjectMapper MAPPER = StreamingObjectMapperHelper.getObjectMapper();
  private static final JavaType BINANCE_TRADE =
      MAPPER
          .getTypeFactory()
          .constructType(
              new TypeReference<
                  BinanceWebsocketTransaction<TradeBinanceWebsocketTransaction>>() {});
  private static final JavaType BYBIT_TRADES =
      MAPPER.getTypeFactory().constructCollectionType(List.class, BybitTrade.class);

  @Param({"coinbase-exchange", "binance", "kraken-v1", "bybit"})
  public String protocol;

  private String[] frames;
  private int next;

  @Setup(Level.Trial)
  public void load() throws JsonProcessingException {
    frames =
        CaptureFrames.load(protocol, "trade").stream()
            .map(CaptureFrames.Frame::text)
            .toArray(String[]::new);
    for (String frame : frames) {
      if (parse(frame) == null) {
        throw new IllegalStateException("XChange parsed nothing from " + frame);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(SessionBenchmark.BATCH)
  public void decode(Blackhole hole) throws JsonProcessingException {
    for (int i = 0; i < SessionBenchmark.BATCH; i++) {
      if (next == frames.length) {
        next = 0;
      }
      hole.consume(parse(frames[next++]));
    }
  }

  private Object parse(String frame) throws JsonProcessingException {
    JsonNode node = MAPPER.readTree(frame);
    return switch (protocol) {
      case "binance" -> {
        BinanceWebsocketTransaction<TradeBinanceWebsocketTransaction> trade =
            MAPPER.treeToValue(node, BINANCE_TRADE);
        yield BinanceStreamingAdapters.adaptRawTrade(
            trade.getData().getRawTrade(), CurrencyPair.BTC_USDT);
      }
      case "coinbase-exchange" -> {
        CoinbaseProWebSocketTransaction match =
            MAPPER.treeToValue(node, CoinbaseProWebSocketTransaction.class);
        yield CoinbaseProAdapters.adaptTrades(
            new CoinbaseProTrade[] {match.toCoinbaseProTrade()}, CurrencyPair.BTC_USD);
      }
      case "kraken-v1" -> KrakenStreamingAdapters.adaptTrades(CurrencyPair.BTC_USD, node);
      case "bybit" -> {
        List<BybitTrade> trades = MAPPER.treeToValue(node.get("data"), BYBIT_TRADES);
        yield BybitStreamAdapters.adaptTrades(trades, CurrencyPair.BTC_USDT);
      }
      default -> throw new IllegalArgumentException("XChange peer has no " + protocol);
    };
  }
}
