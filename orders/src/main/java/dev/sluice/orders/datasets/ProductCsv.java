package dev.sluice.orders.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a product CSV with a header row, such as {@code appid,name,price} (Steam's catalogue, prices
 * in US dollars). The name comes from column {@code name} or {@code nombre}; the price from
 * {@code price} (a decimal in a foreign currency, multiplied by {@code pesosPerUnit} and rounded to
 * the whole peso, because orders carry whole pesos) or {@code precio} (already whole pesos, kept as
 * is). Rows that cannot become an order (empty name, missing, non-numeric or negative price) are
 * skipped and counted, not fatal: one bad line in a 27,000-line file should not stop a load test.
 * Names are made what an order accepts: control characters, which an order refuses, are dropped
 * (line breaks and tabs become spaces; Steam's file has a stray U+0099 after a "™"), and names
 * longer than {@link dev.sluice.orders.OrderFields#MAX_NOMBRE} are cut to it.
 */
public final class ProductCsv {
    /** Pesos per US dollar used for {@code price} columns: a round figure near the 2024–2025 rate. */
    public static final BigDecimal DEFAULT_PESOS_PER_DOLLAR = BigDecimal.valueOf(950);

    private static final Pattern LINE_BREAKS_AND_TABS = Pattern.compile("[\\t\\n\\r]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    /** What was read: the catalogue, and how many data rows were skipped with the first few reasons. */
    public record Result(Catalogue catalogue, int skipped, List<String> firstProblems) {}

    private ProductCsv() {}

    public static Result read(Path file, BigDecimal pesosPerUnit) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "product CSV " + file + " does not exist; give a file with a header like appid,name,price");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            return read(reader, name, pesosPerUnit);
        }
    }

    public static Result read(Reader in, String catalogueName, BigDecimal pesosPerUnit) throws IOException {
        if (pesosPerUnit == null || pesosPerUnit.signum() <= 0) {
            throw new IllegalArgumentException("pesos per price unit must be more than zero, e.g. 950 for US dollars");
        }
        Reader reader = skipByteOrderMark(in);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .get();
        List<Product> products = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = lowerCase(parser.getHeaderMap());
            Integer nameColumn = header.getOrDefault("name", header.get("nombre"));
            Integer priceColumn = header.get("price");
            Integer precioColumn = header.get("precio");
            if (nameColumn == null || (priceColumn == null && precioColumn == null)) {
                throw new IllegalArgumentException("product CSV '" + catalogueName
                        + "' needs a header with name (or nombre) and price (or precio); it has "
                        + parser.getHeaderNames());
            }
            for (CSVRecord row : parser) {
                try {
                    String nombre = column(row, nameColumn);
                    BigDecimal price = new BigDecimal(column(row, precioColumn != null ? precioColumn : priceColumn));
                    long pesos = precioColumn != null
                            ? price.setScale(0, RoundingMode.UNNECESSARY).longValueExact()
                            : price.multiply(pesosPerUnit)
                                    .setScale(0, RoundingMode.HALF_UP)
                                    .longValueExact();
                    products.add(new Product(cut(nombre), pesos));
                } catch (RuntimeException e) {
                    skipped++;
                    if (problems.size() < 5) {
                        problems.add("line " + parser.getCurrentLineNumber() + ": " + describe(e));
                    }
                }
            }
        }
        if (products.isEmpty()) {
            throw new IllegalArgumentException("product CSV '" + catalogueName + "' has no usable rows"
                    + (problems.isEmpty() ? "" : ": " + problems));
        }
        return new Result(new Catalogue(catalogueName, products), skipped, List.copyOf(problems));
    }

    private static String column(CSVRecord row, int index) {
        if (index >= row.size() || row.get(index).isEmpty()) {
            throw new IllegalArgumentException("column " + (index + 1) + " is empty");
        }
        return row.get(index);
    }

    private static String cut(String nombre) {
        String spaced = LINE_BREAKS_AND_TABS.matcher(nombre).replaceAll(" ");
        String plain = CONTROL.matcher(spaced).replaceAll("").strip();
        int max = dev.sluice.orders.OrderFields.MAX_NOMBRE;
        return plain.length() <= max ? plain : plain.substring(0, max).strip();
    }

    private static String describe(RuntimeException e) {
        return e instanceof NumberFormatException ? "price is not a number" : e.getMessage();
    }

    private static Map<String, Integer> lowerCase(Map<String, Integer> header) {
        Map<String, Integer> lower = new java.util.HashMap<>();
        header.forEach((k, v) -> lower.putIfAbsent(k.strip().toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static Reader skipByteOrderMark(Reader in) throws IOException {
        java.io.PushbackReader reader = new java.io.PushbackReader(in, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }
}
