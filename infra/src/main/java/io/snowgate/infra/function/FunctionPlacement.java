package io.snowgate.infra.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Where a function runs in a VPC: the private subnets and the functions' own security group.
 *
 * @param vpc           the VPC
 * @param subnets       the private subnets, one per availability zone
 * @param securityGroup the functions' security group (endpoints admit exactly this group)
 */
public record FunctionPlacement(IVpc vpc, List<ISubnet> subnets, ISecurityGroup securityGroup) {

    public FunctionPlacement {
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(securityGroup, "securityGroup");
        subnets = List.copyOf(subnets);
    }

    /**
     * What Lambda needs from the execution role to attach the function to these subnets, written out instead of the
     * {@code AWSLambdaVPCAccessExecutionRole} managed policy (which allows every subnet and group on {@code *}).
     * Creating an interface is limited to these subnets and this security group; deleting it and moving its
     * addresses to interfaces in these subnets ({@code ec2:Subnet} condition). Describe calls have no resource-level
     * permissions, so they alone are on {@code *}.
     */
    public List<PolicyStatement> networkInterfaceStatements() {
        Stack stack = Stack.of(securityGroup);
        List<String> subnetArns = subnets.stream().map(subnet -> ec2Arn(stack, "subnet", subnet.getSubnetId()))
                .toList();
        List<String> createResources = new ArrayList<>(subnetArns);
        createResources.add(ec2Arn(stack, "security-group", securityGroup.getSecurityGroupId()));
        Map<String, Object> inTheseSubnets = Map.of("ArnEquals", Map.of("ec2:Subnet", subnetArns));
        String anyInterface = ec2Arn(stack, "network-interface", "*");
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("CreateNetworkInterfacesInFunctionSubnetsAndGroup")
                        .effect(Effect.ALLOW)
                        .actions(List.of("ec2:CreateNetworkInterface"))
                        .resources(createResources)
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ManageNetworkInterfacesInFunctionSubnets")
                        .effect(Effect.ALLOW)
                        .actions(List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                        .resources(List.of(anyInterface))
                        .conditions(inTheseSubnets)
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("DescribeNetworkInterfacesAndSubnets")
                        .effect(Effect.ALLOW)
                        .actions(List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"))
                        .resources(List.of("*"))
                        .build());
    }

    private static String ec2Arn(Stack stack, String resource, String name) {
        return stack.formatArn(ArnComponents.builder().service("ec2").resource(resource).resourceName(name).build());
    }
}
