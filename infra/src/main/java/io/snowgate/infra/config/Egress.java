package io.snowgate.infra.config;

/** How the functions reach anything outside the VPC endpoints. */
public enum Egress {

    /** No internet route: with {@code privateLink} the functions reach only the VPC endpoints. */
    NONE("none"),
    /** Through NAT gateways: with a created VPC, one per AZ with an Elastic IP the stack outputs. */
    NAT("nat");

    private final String contextValue;

    Egress(String contextValue) {
        this.contextValue = contextValue;
    }

    /** The value of the {@code egress} context key. */
    public String contextValue() {
        return contextValue;
    }
}
