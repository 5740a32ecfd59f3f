package io.snowgate.contract;

/**
 * How the CDK app sizes the query functions by default, written once for the app and for what models a deployed
 * function locally ({@code ./snowgate bench --cold}).
 */
public final class FunctionSizing {

    /**
     * The query functions' memory: the same cost per CPU-bound run as 512 MB at half the latency (README, "Memory size
     * and cost"). Lambda gives the function one vCPU at 1,769 MB and CPU in proportion below that.
     */
    public static final int DEFAULT_MEMORY_MB = 1024;

    private FunctionSizing() {
    }
}
