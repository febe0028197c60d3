package io.tidemark.spi.support;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Helpers for messages about names: the nearest known name to a mistyped one. */
public final class Names {
  private Names() {}

  /** The known name closest to {@code typed} (edit distance at most 2, or equal ignoring case and {@code _-}). */
  public static Optional<String> nearest(String typed, Collection<String> known) {
    String t = fold(typed);
    return known.stream()
        .filter(k -> fold(k).equals(t) || distance(fold(k), t) <= Math.max(1, Math.min(2, k.length() / 4)))
        .min(Comparator.comparingInt(k -> distance(fold(k), t)));
  }

  /** {@code " (did you mean 'x'?)"} or the empty string. */
  public static String didYouMean(String typed, Collection<String> known) {
    return nearest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[b.length()];
  }
}
