package io.mooring.wire.primitives;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array that the decoders built and never expose, so decoding does not copy reference
 * arrays a second time. Records accept it as is; any other list is copied with {@link List#copyOf}.
 */
final class ImmutableArrayList<E> extends AbstractList<E> implements RandomAccess {
    private static final ImmutableArrayList<Object> EMPTY = new ImmutableArrayList<>(new Object[0]);

    private final Object[] elements;

    private ImmutableArrayList(Object[] elements) {
        this.elements = elements;
    }

    /** Wraps {@code elements} without copying; the caller hands over the array and must hold no null. */
    static <E> List<E> trusted(E[] elements) {
        return elements.length == 0 ? empty() : new ImmutableArrayList<>(elements);
    }

    @SuppressWarnings("unchecked")
    static <E> List<E> empty() {
        return (List<E>) EMPTY;
    }

    /** {@code list} itself when it is already one of ours, else an immutable null-free copy. */
    static <E> List<E> immutable(List<E> list) {
        Objects.requireNonNull(list, "list");
        return list instanceof ImmutableArrayList<E> ? list : List.copyOf(list);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, elements.length);
        return (E) elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
