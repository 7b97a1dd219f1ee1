package io.spool.bench;

/** The JVM flags every Spool JVM needs (COMMON.md), as constants usable in {@code @Fork(jvmArgsAppend = ...)}. */
public final class JvmFlags {
    public static final String EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    public static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";
    /** Fixed heap so that runs compare; the data path is off-heap. */
    public static final String XMS = "-Xms1g";
    public static final String XMX = "-Xmx1g";

    private JvmFlags() {
    }
}
