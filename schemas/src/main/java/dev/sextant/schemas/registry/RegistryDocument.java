package dev.sextant.schemas.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The registry YAML as written, every field nullable, so the validator can name what is missing
 * instead of Jackson failing on the first absent primitive.
 */
record RegistryDocument(List<AssetEntry> assets, List<VenueEntry> venues) {

  /** One {@code assets} entry. */
  record AssetEntry(
      String symbol,
      String name,
      String kind,
      String peggedTo,
      List<String> aliases,
      List<ContractEntry> contracts) {}

  /** One {@code contracts} entry of an asset. */
  record ContractEntry(Long chainId, String address, Integer decimals) {}

  /** One {@code venues} entry. */
  record VenueEntry(
      String name,
      String kind,
      Long chainId,
      Map<String, String> symbols,
      List<String> quoteCodes) {}

  // Unknown keys fail the load, so a typo such as "decimal:" cannot silently drop a field.
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  RegistryDocument {
    assets = assets == null ? List.of() : assets;
    venues = venues == null ? List.of() : venues;
  }

  /**
   * Parses the YAML without validating it.
   *
   * @throws IllegalArgumentException naming the origin and line when the YAML does not parse
   */
  static RegistryDocument parse(InputStream yaml, String origin) {
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      // An empty file is most likely a truncated resource, so it fails rather than loads empty.
      RegistryDocument document =
          parser.nextToken() == null ? null : MAPPER.readValue(parser, RegistryDocument.class);
      if (document == null) {
        throw new IllegalArgumentException(origin + ": the registry is empty");
      }
      return document;
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String line = where == null ? "" : " (line " + where.getLineNr() + ")";
      throw new IllegalArgumentException(origin + line + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(origin + ": cannot read the registry", e);
    }
  }
}
