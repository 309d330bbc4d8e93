package dev.sextant.ingest.chain.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads logs in the JSON-RPC shape (hex quantities) and in ethereum-etl's export shape. */
final class TestLogs {

  static final ObjectMapper JSON = new ObjectMapper();

  private TestLogs() {}

  /** A JSON-RPC log object ({@code eth_getLogs} / receipt {@code logs[]}). */
  static EvmLog fromRpc(JsonNode log, long chainId, Instant blockTime) {
    List<String> topics = new ArrayList<>();
    log.path("topics").forEach(t -> topics.add(t.asText()));
    return new EvmLog(
        chainId,
        log.path("address").asText(),
        topics,
        log.path("data").asText(),
        Long.decode(log.path("blockNumber").asText()),
        log.path("blockHash").asText(),
        Integer.decode(log.path("logIndex").asText()),
        log.path("transactionHash").asText(),
        log.path("removed").asBoolean(),
        blockTime);
  }

  /** An ethereum-etl log line (decimal numbers, snake_case). */
  static EvmLog fromEtl(JsonNode log) {
    List<String> topics = new ArrayList<>();
    log.path("topics").forEach(t -> topics.add(t.asText()));
    return new EvmLog(
        1,
        log.path("address").asText(),
        topics,
        log.path("data").asText(),
        log.path("block_number").asLong(),
        log.path("block_hash").asText(),
        log.path("log_index").asInt(),
        log.path("transaction_hash").asText(),
        false,
        Instant.ofEpochSecond(log.path("block_timestamp").asLong()));
  }

  /** The golden fixture logs, by name. */
  static Map<String, EvmLog> golden(Instant blockTime) throws IOException {
    Map<String, EvmLog> logs = new LinkedHashMap<>();
    try (InputStream in = TestLogs.class.getResourceAsStream("/fixtures/chain/golden-logs.json")) {
      for (JsonNode node : JSON.readTree(in)) {
        logs.put(node.path("name").asText(), fromRpc(node, 1, blockTime));
      }
    }
    return logs;
  }

  /** Every log of the receipts array {@code file} (an eth_getBlockReceipts result). */
  static List<EvmLog> receiptLogs(Path file, Instant blockTime) throws IOException {
    List<EvmLog> logs = new ArrayList<>();
    for (JsonNode receipt : JSON.readTree(file.toFile())) {
      receipt.path("logs").forEach(log -> logs.add(fromRpc(log, 1, blockTime)));
    }
    return logs;
  }

  /** Every log of the ethereum-etl JSON-lines file {@code file}. */
  static List<EvmLog> etlLogs(Path file) throws IOException {
    List<EvmLog> logs = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        logs.add(fromEtl(JSON.readTree(line)));
      }
    }
    return logs;
  }
}
