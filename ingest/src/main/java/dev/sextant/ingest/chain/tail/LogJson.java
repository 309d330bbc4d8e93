package dev.sextant.ingest.chain.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.schemas.v1.ChainEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An EVM log written back in the JSON-RPC log shape (hex quantities), as the raw input of its dead
 * letter: the same object {@code eth_getLogs} returned, so it can be replayed through a decoder.
 */
final class LogJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LogJson() {}

  static byte[] of(EvmLog log) {
    return write(
        log.address(),
        log.topics(),
        log.data(),
        log.blockNumber(),
        log.blockHash(),
        log.txHash(),
        log.logIndex(),
        log.removed());
  }

  /** The log a decoded event came from. */
  static byte[] of(ChainEvent event) {
    return write(
        event.getRaw().getAddress(),
        event.getRaw().getTopicsList(),
        event.getRaw().getData(),
        event.getCursor().getBlockNumber(),
        event.getCursor().getBlockHash(),
        event.getTxHash(),
        event.getCursor().getLogIndex(),
        event.getRemoved());
  }

  private static byte[] write(
      String address,
      List<String> topicList,
      String data,
      long blockNumber,
      String blockHash,
      String txHash,
      long logIndex,
      boolean removed) {
    ObjectNode node = JSON.createObjectNode();
    node.put("address", address);
    ArrayNode topics = node.putArray("topics");
    topicList.forEach(topics::add);
    node.put("data", data);
    node.put("blockNumber", "0x" + Long.toHexString(blockNumber));
    node.put("blockHash", blockHash);
    node.put("transactionHash", txHash);
    node.put("logIndex", "0x" + Long.toHexString(logIndex));
    node.put("removed", removed);
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a log as JSON", e);
    }
  }
}
