package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyRole;

import java.util.List;

/**
 * Assigns CALLER/CALLEE to the parties of a call report, in this order of authority:
 * <ol>
 *   <li>a v2 {@code memberstatus}: ALERT/ANSWERED are caller states, RING/ANSWER callee states
 *       (the PBX says so per leg, so it beats any inference);</li>
 *   <li>a trunk leg's direction: {@code inbound} is the external caller, {@code outbound} the
 *       external callee;</li>
 *   <li>the documented position for v1 reports: RING and ANSWER list the callee first, ALERT and
 *       ANSWERED the caller first (examples in the 2017 guide and the v1.1.0 pages; the seed's
 *       prose "calling party first" for ANSWER contradicts both examples and is not followed);</li>
 *   <li>otherwise, when every party with a known role has the same role and exactly one party is
 *       left, that party gets the other role (CallFailed {@code outbound}+{@code ext}: the ext is
 *       the caller);</li>
 *   <li>else UNKNOWN — BYE lists the party who hung up first, which says nothing about roles.</li>
 * </ol>
 */
final class PartyRoles {

    enum Order { CALLEE_FIRST, CALLER_FIRST, NONE }

    private PartyRoles() {
    }

    static Order orderOf(YeastarReportType type) {
        return switch (type) {
            case RING, ANSWER -> Order.CALLEE_FIRST;
            case ALERT, ANSWERED -> Order.CALLER_FIRST;
            default -> Order.NONE;
        };
    }

    /**
     * Sets the roles in place on parties this normalizer just built (no copy: Avro's deep copy of
     * enums goes through its class allow-list, which generated classes are not on by default).
     */
    static List<Party> assign(List<Party> parties, Order order) {
        for (int i = 0; i < parties.size(); i++) {
            Party p = parties.get(i);
            p.setRole(roleOf(p, i, order));
        }
        complement(parties);
        return parties;
    }

    private static PartyRole roleOf(Party p, int index, Order order) {
        LegState s = p.getState();
        if (s == LegState.RINGBACK || s == LegState.CALLER_ANSWERED) {
            return PartyRole.CALLER;
        }
        if (s == LegState.RINGING || s == LegState.ANSWERED) {
            return PartyRole.CALLEE;
        }
        if ("inbound".equals(p.getKindRaw())) {
            return PartyRole.CALLER;
        }
        if ("outbound".equals(p.getKindRaw())) {
            return PartyRole.CALLEE;
        }
        return switch (order) {
            case CALLEE_FIRST -> index == 0 ? PartyRole.CALLEE : PartyRole.CALLER;
            case CALLER_FIRST -> index == 0 ? PartyRole.CALLER : PartyRole.CALLEE;
            case NONE -> PartyRole.UNKNOWN;
        };
    }

    /** Exactly one party of unknown role, and every other party of one and the same role: the other role. */
    private static void complement(List<Party> parties) {
        Party unknown = null;
        int unknowns = 0;
        PartyRole known = null;
        boolean oneKnownRole = true;
        for (Party p : parties) {
            PartyRole role = p.getRole();
            if (role == PartyRole.UNKNOWN) {
                unknown = p;
                unknowns++;
            } else if (known == null) {
                known = role;
            } else if (known != role) {
                oneKnownRole = false;
            }
        }
        if (unknowns == 1 && known != null && oneKnownRole) {
            unknown.setRole(known == PartyRole.CALLER ? PartyRole.CALLEE : PartyRole.CALLER);
        }
    }
}
