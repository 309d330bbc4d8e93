package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RegistryValidationTest {

  private static final String FIAT =
      """
      assets:
        - {symbol: USD, name: US Dollar, kind: FIAT}
      """;

  private static Registry load(String yaml) {
    return Registry.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String yaml) {
    return assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test.yaml");
  }

  @Test
  void shouldLoadMinimalRegistry() {
    Registry registry =
        load(
            FIAT
                + """
                  - symbol: USDC
                    name: USD Coin
                    kind: STABLECOIN
                    peggedTo: USD
                    contracts:
                      - {chainId: 1, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}
                venues:
                  - {name: uniswap-v3@1, kind: DEX, chainId: 1}
                """);

    assertThat(registry.assets()).extracting(Asset::symbol).containsExactly("USD", "USDC");
    assertThat(registry.venue("uniswap-v3@1")).map(Venue::chainId).hasValue(1L);
  }

  @Test
  void shouldRejectEmptyDocument() {
    assertRejected("").hasMessage("test.yaml: the registry is empty");
    assertRejected("# only a comment\n").hasMessage("test.yaml: the registry is empty");
  }

  @Test
  void shouldRejectYamlThatDoesNotParseWithItsLine() {
    assertRejected("assets:\n  - {symbol: BTC, name: [unclosed\n").hasMessageContaining("line");
  }

  @Test
  void shouldRejectBadChecksumNamingTheEntry() {
    assertRejected(
            FIAT
                + """
                  - symbol: USDC
                    name: USD Coin
                    kind: STABLECOIN
                    peggedTo: USD
                    contracts:
                      - {chainId: 1, address: "0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}
                """)
        .hasMessage(
            "test.yaml: asset USDC contract on chain 1: address"
                + " 0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 is not EIP-55 checksummed"
                + " (expected 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48)");
  }

  @Test
  void shouldRejectMalformedAddress() {
    assertRejected(
            """
            assets:
              - symbol: LINK
                name: Chainlink
                kind: CRYPTO
                contracts:
                  - {chainId: 1, address: "0x514910771AF9Ca656af840dff83E8264EcF986", decimals: 18}
            """)
        .hasMessageContaining("asset LINK contract on chain 1")
        .hasMessageContaining("not 0x followed by 40 hex digits");
  }

  @Test
  void shouldRejectDecimalsOutOfRange() {
    assertRejected(
            """
            assets:
              - symbol: LINK
                name: Chainlink
                kind: CRYPTO
                contracts:
                  - {chainId: 1, address: "0x514910771AF9Ca656af840dff83E8264EcF986CA", decimals: 37}
            """)
        .hasMessage("test.yaml: asset LINK contract on chain 1: decimals 37 is outside 0..36");
  }

  @Test
  void shouldRejectDuplicateSymbol() {
    assertRejected(FIAT + "  - {symbol: USD, name: Dollar again, kind: FIAT}\n")
        .hasMessage("test.yaml: asset USD: duplicate symbol");
  }

  @Test
  void shouldRejectLowercaseSymbolNamingItsPosition() {
    assertRejected(FIAT + "  - {symbol: btc, name: Bitcoin, kind: CRYPTO}\n")
        .hasMessageContaining("asset #2: symbol 'btc' must be uppercase");
  }

  @Test
  void shouldRejectStablecoinWithoutPeg() {
    assertRejected(FIAT + "  - {symbol: USDT, name: Tether, kind: STABLECOIN}\n")
        .hasMessageContaining("asset USDT: peggedTo is missing");
  }

  @Test
  void shouldRejectPegToUnknownFiat() {
    assertRejected(FIAT + "  - {symbol: XSGD, name: XSGD, kind: STABLECOIN, peggedTo: SGD}\n")
        .hasMessageContaining("asset XSGD: peggedTo 'SGD' is not a FIAT asset");
  }

  @Test
  void shouldRejectUnknownKind() {
    assertRejected(FIAT + "  - {symbol: BTC, name: Bitcoin, kind: COIN}\n")
        .hasMessageContaining("asset BTC: kind 'COIN' is not one of [CRYPTO, STABLECOIN, FIAT]");
  }

  @Test
  void shouldRejectMissingName() {
    assertRejected(FIAT + "  - {symbol: BTC, kind: CRYPTO}\n")
        .hasMessage("test.yaml: asset BTC: name is missing");
  }

  @Test
  void shouldRejectDuplicateVenueName() {
    assertRejected(
            """
            venues:
              - {name: coinbase, kind: CEX, chainId: 0}
              - {name: coinbase, kind: CEX, chainId: 0}
            """)
        .hasMessage("test.yaml: venue coinbase: duplicate venue name");
  }

  @Test
  void shouldRejectMappingToUnknownAsset() {
    assertRejected(
            FIAT
                + """
                venues:
                  - name: kraken
                    kind: CEX
                    chainId: 0
                    symbols: {XDG: DOGE}
                """)
        .hasMessage("test.yaml: venue kraken symbols: XDG maps to DOGE, which is not an asset");
  }

  @Test
  void shouldRejectDexWithoutChain() {
    assertRejected("venues:\n  - {name: uniswap-v3, kind: DEX, chainId: 0}\n")
        .hasMessageContaining("venue uniswap-v3: a DEX has a positive chainId");
  }

  @Test
  void shouldRejectCexWithChain() {
    assertRejected("venues:\n  - {name: binance, kind: CEX, chainId: 56}\n")
        .hasMessageContaining("venue binance: a CEX has chainId 0");
  }

  @Test
  void shouldRejectUppercaseVenueName() {
    assertRejected("venues:\n  - {name: Binance, kind: CEX, chainId: 0}\n")
        .hasMessageContaining("venue Binance: name must be lowercase");
  }

  @Test
  void shouldRejectUnknownFieldWithItsLine() {
    assertRejected(FIAT + "  - {symbol: BTC, name: Bitcoin, kind: CRYPTO, decimal: 8}\n")
        .hasMessageContaining("line 3")
        .hasMessageContaining("decimal");
  }

  @Test
  void shouldRejectContractOnFiat() {
    assertRejected(
            """
            assets:
              - symbol: USD
                name: US Dollar
                kind: FIAT
                contracts:
                  - {chainId: 1, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}
            """)
        .hasMessage("test.yaml: asset USD: a fiat asset has no contracts");
  }

  @Test
  void shouldRejectSameContractOnTwoAssets() {
    assertRejected(
            """
            assets:
              - symbol: LINK
                name: Chainlink
                kind: CRYPTO
                contracts:
                  - {chainId: 1, address: "0x514910771AF9Ca656af840dff83E8264EcF986CA", decimals: 18}
              - symbol: LNK
                name: Link copy
                kind: CRYPTO
                contracts:
                  - {chainId: 1, address: "0x514910771AF9Ca656af840dff83E8264EcF986CA", decimals: 18}
            """)
        .hasMessageContaining("asset LNK contract on chain 1: address")
        .hasMessageContaining("is also the contract of asset LINK");
  }
}
