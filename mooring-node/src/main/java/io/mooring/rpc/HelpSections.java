package io.mooring.rpc;

import java.util.ArrayList;
import java.util.List;

/** Core's help-text {@code Sections}: left/right pairs padded into two columns. */
final class HelpSections {
    private static final class Section {
        String left;
        final String right;

        Section(String left, String right) {
            this.left = left;
            this.right = right;
        }
    }

    private final List<Section> sections = new ArrayList<>();
    private int maxPad;

    boolean isEmpty() {
        return sections.isEmpty();
    }

    void push(String left, String right) {
        maxPad = Math.max(maxPad, left.length());
        sections.add(new Section(left, right));
    }

    void dropLastComma() {
        Section last = sections.getLast();
        if (last.left.endsWith(",")) last.left = last.left.substring(0, last.left.length() - 1);
    }

    private enum Outer { NONE, ARR, OBJ }

    /** Core's {@code Sections::Push(const RPCArg&)}: nested fields of an argument. */
    void pushArg(RpcArg arg) {
        pushArg(arg, 5, Outer.NONE);
    }

    private void pushArg(RpcArg arg, int currentIndent, Outer outer) {
        String indent = " ".repeat(currentIndent);
        String indentNext = " ".repeat(currentIndent + 2);
        boolean pushName = outer == Outer.OBJ;
        boolean topLevel = outer == Outer.NONE;
        switch (arg.type()) {
            case STR_HEX, STR, NUM, AMOUNT, RANGE, BOOL, OBJ_NAMED_PARAMS -> {
                if (topLevel) return;
                String left = indent + (pushName ? arg.toObjText(false) : arg.toText(false)) + ",";
                push(left, arg.descriptionText(pushName));
            }
            case OBJ, OBJ_USER_KEYS -> {
                String right = topLevel ? "" : arg.descriptionText(pushName);
                push(indent + (pushName ? "\"" + arg.firstName() + "\": " : "") + "{", right);
                for (RpcArg inner : arg.inner()) pushArg(inner, currentIndent + 2, Outer.OBJ);
                if (arg.type() != RpcArg.Type.OBJ) push(indentNext + "...", "");
                push(indent + "}" + (topLevel ? "" : ","), "");
            }
            case ARR -> {
                String left = indent + (pushName ? "\"" + arg.firstName() + "\": " : "") + "[";
                push(left, topLevel ? "" : arg.descriptionText(pushName));
                for (RpcArg inner : arg.inner()) pushArg(inner, currentIndent + 2, Outer.ARR);
                push(indentNext + "...", "");
                push(indent + "]" + (topLevel ? "" : ","), "");
            }
        }
    }

    /** Core's {@code Sections::ToString}. */
    String render() {
        StringBuilder ret = new StringBuilder();
        int pad = maxPad + 4;
        for (Section s : sections) {
            if (s.right.isEmpty()) {
                ret.append(s.left).append('\n');
                continue;
            }
            ret.append(s.left).repeat(' ', pad - s.left.length());
            StringBuilder right = new StringBuilder();
            int begin = 0;
            int nl = s.right.indexOf('\n');
            while (true) {
                right.append(s.right, begin, nl < 0 ? s.right.length() : nl);
                if (nl < 0) break;
                right.append('\n').repeat(' ', pad);
                begin = firstNotSpace(s.right, nl + 1);
                if (begin < 0) break;
                nl = s.right.indexOf('\n', begin + 1);
            }
            ret.append(right).append('\n');
        }
        return ret.toString();
    }

    private static int firstNotSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != ' ') return i;
        }
        return -1;
    }
}
