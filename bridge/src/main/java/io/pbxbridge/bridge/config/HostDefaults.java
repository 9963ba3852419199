package io.pbxbridge.bridge.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** Defaults that depend on the machine: the instance id and the address PBXes can reach us on. */
final class HostDefaults {
    private HostDefaults() {
    }

    /** {@code hostname-pid}: unique per process on a host, readable in command results. */
    static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The first site-local or global IPv4 address of an interface that is up, because a PBX on the
     * LAN cannot reach a loopback address. Falls back to 127.0.0.1 on a machine with no network.
     */
    static String reachableAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }
}
