package io.snowgate.lambda.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * What a class file's constant pool names (JVMS 4.4): the classes ({@code CONSTANT_Class}, array types reduced to
 * their element class), and the fields and methods its code uses ({@code CONSTANT_Fieldref}, {@code Methodref},
 * {@code InterfaceMethodref}) as {@code owner.name descriptor}, e.g. {@code java/util/Random.<init>()V}.
 */
public record ClassConstants(Set<String> classes, Set<String> members) {

    public ClassConstants {
        classes = Set.copyOf(classes);
        members = Set.copyOf(members);
    }

    public static ClassConstants parse(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] className = new int[count];
        int[] memberClass = new int[count];
        int[] memberNameAndType = new int[count];
        int[] name = new int[count];
        int[] descriptor = new int[count];
        Set<Integer> classEntries = new HashSet<>();
        Set<Integer> memberEntries = new HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> {
                    className[i] = in.readUnsignedShort();
                    classEntries.add(i);
                }
                case 9, 10, 11 -> {
                    memberClass[i] = in.readUnsignedShort();
                    memberNameAndType[i] = in.readUnsignedShort();
                    memberEntries.add(i);
                }
                case 12 -> {
                    name[i] = in.readUnsignedShort();
                    descriptor[i] = in.readUnsignedShort();
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> classes = new HashSet<>();
        for (int entry : classEntries) {
            String type = utf8[className[entry]];
            if (type.startsWith("[")) {
                int element = type.indexOf('L');
                if (element < 0) {
                    continue;
                }
                type = type.substring(element + 1, type.length() - 1);
            }
            classes.add(type);
        }
        Set<String> members = new HashSet<>();
        for (int entry : memberEntries) {
            int nameAndType = memberNameAndType[entry];
            members.add(utf8[className[memberClass[entry]]] + "." + utf8[name[nameAndType]]
                    + utf8[descriptor[nameAndType]]);
        }
        return new ClassConstants(classes, members);
    }
}
