package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sextant.deploy.FreePorts;
import dev.sextant.ingest.chain.testing.AnvilNode;
import dev.sextant.ingest.chain.testing.TestContracts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int24;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint160;
import org.web3j.abi.datatypes.generated.Uint24;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;

/**
 * {@code sextant chain tail} against a real Anvil node behind an HTTP-only JSON-RPC endpoint (a
 * plain forwarding server, so no WebSocket can be used): transfers, WETH flows and swaps, printed
 * as the exact JSON lines of their ChainEvents, in chain order, ending at {@code --to}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainTailCommandIT {

  private static final long CHAIN_ID = 31_337;
  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final BigInteger SUPPLY = BigInteger.valueOf(1_000_000_000_000L);
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnvilNode node;
  private HttpServer httpOnly;
  private Web3j web3j;
  private String dev;
  private String dev2;
  private String usdc;
  private String weth;
  private String pair;
  private String pool;
  private final List<ObjectNode> expected = new ArrayList<>();
  private long head;

  @BeforeAll
  void chainWithTraffic() throws Exception {
    node = AnvilNode.autoMine(CHAIN_ID);
    httpOnly = forwardingServer(node.httpUrl());
    web3j = Web3j.build(new HttpService(node.httpUrl().toString()));
    TestContracts contracts = new TestContracts(web3j, CHAIN_ID, TestContracts.DEV_ACCOUNT);
    dev = TestContracts.DEV_ACCOUNT.getAddress().toLowerCase(Locale.ROOT);
    dev2 = TestContracts.DEV_ACCOUNT_2.getAddress().toLowerCase(Locale.ROOT);

    // Block 1: the stablecoin mints its supply to the deployer.
    TransactionReceipt minted =
        contracts.deploy(
            "TestStablecoin", FunctionEncoder.encodeConstructor(List.of(new Uint256(SUPPLY))));
    usdc = minted.getContractAddress().toLowerCase(Locale.ROOT);
    expect(minted.getLogs().get(0), e -> e.set("transfer", transfer(usdc, ZERO, dev, SUPPLY)));
    // Blocks 2 to 4: WETH and the pools, which log nothing when deployed.
    weth = contracts.deploy("TestWeth", "").getContractAddress().toLowerCase(Locale.ROOT);
    pair =
        contracts
            .deploy(
                "TestV2Pair",
                FunctionEncoder.encodeConstructor(List.of(new Address(usdc), new Address(weth))))
            .getContractAddress()
            .toLowerCase(Locale.ROOT);
    pool =
        contracts
            .deploy(
                "TestV3Pool",
                FunctionEncoder.encodeConstructor(
                    List.of(new Address(usdc), new Address(weth), new Uint24(500))))
            .getContractAddress()
            .toLowerCase(Locale.ROOT);

    // Block 5: 1.5 USDC (raw 1500000: chain 31337's tokens are not in the registry).
    TransactionReceipt transfer =
        contracts.send(
            usdc, call("transfer", new Address(dev2), new Uint256(1_500_000)), BigInteger.ZERO);
    expect(
        transfer.getLogs().get(0),
        e -> e.set("transfer", transfer(usdc, dev, dev2, BigInteger.valueOf(1_500_000))));

    // Block 6: 2 ether wrapped.
    BigInteger twoEther = BigInteger.TEN.pow(18).multiply(BigInteger.TWO);
    TransactionReceipt wrapped = contracts.send(weth, call("deposit"), twoEther);
    expect(wrapped.getLogs().get(0), e -> e.set("wethDeposit", flow(dev, twoEther)));

    // Block 7: a V2 swap, 3,000 USDC in for 1 WETH out, then the pair's Sync.
    BigInteger oneEther = BigInteger.TEN.pow(18);
    TransactionReceipt v2 =
        contracts.send(
            pair,
            call(
                "swap",
                new Uint256(3_000_000_000L),
                new Uint256(0),
                new Uint256(0),
                new Uint256(oneEther),
                new Address(dev2),
                new Uint112(BigInteger.valueOf(9_003_000_000_000L)),
                new Uint112(oneEther.multiply(BigInteger.valueOf(2_999)))),
            BigInteger.ZERO);
    expect(
        v2.getLogs().get(0),
        e -> {
          ObjectNode swap = e.putObject("v2Swap");
          swap.put("sender", dev).put("to", dev2);
          swap.set("amount0In", decimal("3000000000"));
          swap.set("amount1In", decimal("0"));
          swap.set("amount0Out", decimal("0"));
          swap.set("amount1Out", decimal(oneEther.toString()));
        });
    expect(
        v2.getLogs().get(1),
        e -> {
          ObjectNode sync = e.putObject("v2Sync");
          sync.set("reserve0", decimal("9003000000000"));
          sync.set("reserve1", decimal(oneEther.multiply(BigInteger.valueOf(2_999)).toString()));
        });

    // Block 8: a V3 swap, the pool pays out 0.5 WETH for 1,500.75 USDC (no price: the pool is
    // not configured).
    BigInteger sqrtPrice = new BigInteger("1982423640470646810484015013626200");
    TransactionReceipt v3 =
        contracts.send(
            pool,
            call(
                "swap",
                new Address(dev2),
                new Int256(BigInteger.valueOf(1_500_750_000L)),
                new Int256(oneEther.divide(BigInteger.TWO).negate()),
                new Uint160(sqrtPrice),
                new Uint128(BigInteger.valueOf(123_456_789_000L)),
                new Int24(BigInteger.valueOf(195_000))),
            BigInteger.ZERO);
    expect(
        v3.getLogs().get(0),
        e -> {
          ObjectNode swap = e.putObject("v3Swap");
          swap.put("sender", dev).put("recipient", dev2);
          swap.set("amount0", decimal("1500750000"));
          swap.set("amount1", decimal("-500000000000000000"));
          swap.put("sqrtPriceX96", sqrtPrice.toString());
          swap.set("liquidity", decimal("123456789000"));
          swap.put("tick", 195_000);
        });

    // Block 9: 0.5 WETH unwrapped.
    BigInteger half = oneEther.divide(BigInteger.TWO);
    TransactionReceipt unwrapped =
        contracts.send(weth, call("withdraw", new Uint256(half)), BigInteger.ZERO);
    expect(unwrapped.getLogs().get(0), e -> e.set("wethWithdrawal", flow(dev, half)));

    head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    // Confirmations: the blocks on top when published, and nothing is mined while the tail reads.
    for (ObjectNode e : expected) {
      long confirmations = head - e.get("cursor").get("blockNumber").asLong();
      if (confirmations != 0) { // proto3 JSON omits 0: the head block's events have none
        e.put("confirmations", Long.toString(confirmations));
      }
    }
  }

  @AfterAll
  void stop() {
    if (httpOnly != null) {
      httpOnly.stop(0);
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void shouldPrintEveryEventOfAKnownSignatureFromBlockToBlockAsExactJsonLines() throws Exception {
    Run run = tail("--from", "1", "--to", Long.toString(head));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(head).isEqualTo(9);
    assertThat(run.events()).containsExactlyElementsOf(expected);
    assertThat(run.err())
        .contains("chain tail: chain 31337 at " + httpUrl() + ", from block 1 to block 9")
        .contains("chain tail: 7 events from 9 blocks (1 to 9)");
  }

  @Test
  void shouldReadOnlyTheGivenContractsAndStopAfterTheToBlock() throws Exception {
    Run run =
        tail(
            "--from",
            "5",
            "--to",
            "7",
            "--contracts",
            usdc + "," + pair.toUpperCase(Locale.ROOT).replace("0X", "0x"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Which events, in which order: how deep each was when read depends on the head, not on --to.
    List<ObjectNode> wanted =
        expected.stream()
            .filter(e -> e.get("cursor").get("blockNumber").asLong() <= 7)
            .filter(e -> e.get("cursor").get("blockNumber").asLong() >= 5)
            .filter(e -> List.of(usdc, pair).contains(e.get("contract").asText()))
            .map(e -> withoutConfirmations(e))
            .toList();
    assertThat(wanted).hasSize(3);
    assertThat(run.events().stream().map(ChainTailCommandIT::withoutConfirmations).toList())
        .containsExactlyElementsOf(wanted);
    assertThat(run.err()).contains("chain tail: 3 events from 3 blocks (5 to 7)");
  }

  @Test
  void shouldRefuseANodeOfAnotherChain() {
    Run run = tail("--from", "1", "--to", "2", "--chain-id", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "sextant: the node at "
                + httpUrl()
                + " reports chain id 31337, not 1"
                + System.lineSeparator());
  }

  @Test
  void shouldSayNoNodeAnswersAtAnUnreachableUrl() {
    String url = "http://127.0.0.1:" + FreePorts.next();
    Run run = runCli("chain", "tail", "--rpc", url, "--from", "1", "--to", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("sextant: no JSON-RPC node answers at " + url);
  }

  private record Run(int exitCode, String out, String err) {

    List<ObjectNode> events() throws IOException {
      List<ObjectNode> events = new ArrayList<>();
      for (String line : out.lines().toList()) {
        ObjectNode event = (ObjectNode) JSON.readTree(line);
        // Set from the clock when read: the only field that differs from run to run.
        assertThat(Instant.parse(event.remove("ingestTime").asText())).isBefore(Instant.now());
        events.add(event);
      }
      return events;
    }
  }

  private Run tail(String... args) {
    List<String> all = new ArrayList<>(List.of("chain", "tail", "--rpc", httpUrl()));
    all.addAll(List.of(args));
    return runCli(all.toArray(String[]::new));
  }

  private static Run runCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SextantMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String httpUrl() {
    return "http://127.0.0.1:" + httpOnly.getAddress().getPort();
  }

  private static ObjectNode withoutConfirmations(ObjectNode event) {
    ObjectNode copy = event.deepCopy();
    copy.remove("confirmations");
    return copy;
  }

  /** The envelope of the event of {@code log}, as the node reported the log and its block. */
  private void expect(Log log, Consumer<ObjectNode> detail) throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("chainId", Long.toString(CHAIN_ID));
    e.put("contract", log.getAddress().toLowerCase(Locale.ROOT));
    ObjectNode cursor = e.putObject("cursor");
    cursor.put("blockNumber", log.getBlockNumber().toString());
    cursor.put("blockHash", log.getBlockHash());
    if (log.getLogIndex().signum() != 0) {
      cursor.put("logIndex", log.getLogIndex().intValueExact()); // proto3 JSON omits 0
    }
    e.put("txHash", log.getTransactionHash());
    detail.accept(e);
    ObjectNode raw = e.putObject("raw");
    raw.put("address", log.getAddress());
    ArrayNode topics = raw.putArray("topics");
    log.getTopics().forEach(topics::add);
    raw.put("data", log.getData());
    long seconds =
        web3j
            .ethGetBlockByHash(log.getBlockHash(), false)
            .send()
            .getBlock()
            .getTimestamp()
            .longValueExact();
    e.put("eventTime", Instant.ofEpochSecond(seconds).toString());
    expected.add(e);
  }

  private static ObjectNode transfer(String token, String from, String to, BigInteger amount) {
    ObjectNode t = JSON.createObjectNode().put("token", token).put("from", from).put("to", to);
    t.set("amount", decimal(amount.toString()));
    return t;
  }

  private static ObjectNode flow(String account, BigInteger amount) {
    ObjectNode f = JSON.createObjectNode().put("account", account);
    f.set("amount", decimal(amount.toString()));
    return f;
  }

  private static ObjectNode decimal(String value) {
    return JSON.createObjectNode().put("value", value);
  }

  private static String call(String function, Type<?>... args) {
    return FunctionEncoder.encode(new Function(function, List.of(args), List.of()));
  }

  /**
   * A JSON-RPC endpoint that only speaks plain HTTP: each POST is forwarded to {@code target}, and
   * nothing else (no WebSocket upgrade) is served.
   */
  private static HttpServer forwardingServer(URI target) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    HttpClient client = HttpClient.newHttpClient();
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody();
              OutputStream out = exchange.getResponseBody()) {
            if (!exchange.getRequestMethod().equals("POST")) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            HttpResponse<byte[]> answer =
                client.send(
                    HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            out.write(answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
          }
        });
    server.start();
    return server;
  }
}
