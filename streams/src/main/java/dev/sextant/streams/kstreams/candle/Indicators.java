package dev.sextant.streams.kstreams.candle;

/** The indicator values on one candle; NaN where the series is still too short. */
record Indicators(
    double ema12,
    double ema26,
    double macd,
    double macdSignal,
    double macdHistogram,
    double rsi14,
    double bollingerUpper,
    double bollingerMiddle,
    double bollingerLower,
    double realizedVolatility) {}
