package io.snowgate.contract;

/**
 * How the CDK app sizes the query functions by default, and the sizes their packages are held to, written once for
 * the app, the build's package checks and what models a deployed function locally ({@code ./snowgate bench --cold}).
 */
public final class FunctionSizing {

    /**
     * The query functions' memory: the same cost per CPU-bound run as 512 MB at half the latency (README, "Memory size
     * and cost"). Lambda gives the function one vCPU at 1,769 MB and CPU in proportion below that.
     */
    public static final int DEFAULT_MEMORY_MB = 1024;

    /**
     * Lambda's longest function timeout, 900 s ("Lambda quotas"): the most the CDK app accepts, and what the function
     * at start-up and a local run check the catalog's timeouts against when the deployed one is not known.
     */
    public static final int LAMBDA_MAX_TIMEOUT_SECONDS = 900;

    /** Lambda's limit on a function's code unzipped, layers included: 250 MB ("Lambda quotas"). */
    public static final long LAMBDA_MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

    /**
     * Snowgate's own limits on the SnapStart deployment package, zipped and unzipped: every deploy publishes a
     * SnapStart version, and every version counts against the region's 75 GB of code storage (issue 21).
     */
    public static final long MAX_ZIP_BYTES = 45_000_000L;
    public static final long MAX_UNZIPPED_BYTES = 100_000_000L;

    private FunctionSizing() {
    }
}
