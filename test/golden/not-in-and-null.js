// file where not file.extension in~ ("TMP", "swp") and ?file.path != null
"use strict";
const any = rt.any, isNullValue = rt.isNullValue, foldValue = rt.foldValue, compare = rt.compare;
const inValues = rt.inValues, fan = rt.fan, toTri = rt.toTri, not = rt.not, hasValue = rt.hasValue;
const V = S.V, G = S.G, L = S.L, H = S.H;
const k0 = c[0], k1 = c[1], k2 = c[2];
return function match(e, ep) {
  let t0;
  return hasValue((G[2] === ep ? V[2] : S.get(2, e, ep)), k2) && ((typeof (t0 = (H[0] === ep ? L[0] : (H[0] = ep, L[0] = foldValue((G[0] === ep ? V[0] : S.get(0, e, ep)))))) === "string" ? !(k0.has(t0)) : any(t0, k1) === false) && !isNullValue((G[1] === ep ? V[1] : S.get(1, e, ep))));
};
