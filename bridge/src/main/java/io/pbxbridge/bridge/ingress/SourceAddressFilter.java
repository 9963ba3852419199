package io.pbxbridge.bridge.ingress;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An optional per-PBX allowlist of source addresses: exact IPs or CIDR blocks (IPv4 or IPv6). An
 * empty list allows everyone (the report secret still has to match).
 */
public final class SourceAddressFilter {
    private final List<Block> blocks;

    public SourceAddressFilter(List<String> entries) {
        this.blocks = entries.stream().map(SourceAddressFilter::parse).toList();
    }

    /** True when no allowlist is configured: every address is allowed, without looking at it. */
    public boolean allowsEveryone() {
        return blocks.isEmpty();
    }

    public boolean allows(String address) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    private static Block parse(String entry) {
        String[] parts = entry.trim().split("/", 2);
        byte[] address = literal(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + entry);
        }
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + entry);
        }
        return new Block(address, bits);
    }

    /** Parses an IP literal without ever doing a DNS lookup. */
    private static byte[] literal(String text) {
        if (text == null || text.isBlank() || !text.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            return null;
        }
        try {
            String t = text.replace("[", "").replace("]", "");
            int zone = t.indexOf('%');
            return InetAddress.getByName(zone >= 0 ? t.substring(0, zone) : t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
