// The members of a native Fetch class (Request, Response) that a lazy stand-in does not answer
// itself, forwarded to the native object it builds on demand. Read from the native prototype when
// tsgun starts, so that a member a later Node adds is forwarded too instead of failing its brand
// check on the stand-in.

export function defineDelegates(proto: object, nativeProto: object, target: (self: object) => object): void {
  for (const key of Reflect.ownKeys(nativeProto)) {
    if (key === 'constructor' || Object.prototype.hasOwnProperty.call(proto, key)) continue;
    const native = Object.getOwnPropertyDescriptor(nativeProto, key)!;
    if (native.get !== undefined) {
      const get = native.get;
      Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: native.enumerable ?? false,
        get(this: object) {
          return get.call(target(this));
        },
      });
    } else if (typeof native.value === 'function') {
      const method = native.value as (...args: unknown[]) => unknown;
      Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: native.enumerable ?? false,
        writable: true,
        value: function (this: object, ...args: unknown[]) {
          return method.apply(target(this), args);
        },
      });
    }
  }
}
