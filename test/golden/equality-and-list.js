// process where host.os.type == "windows" and process.name : ("cmd.exe", "*\\powershell.exe")
"use strict";
const any = rt.any, isNullValue = rt.isNullValue, foldValue = rt.foldValue, compare = rt.compare;
const inValues = rt.inValues, fan = rt.fan, toTri = rt.toTri, not = rt.not, hasValue = rt.hasValue;
const V = S.V, G = S.G, L = S.L, H = S.H;
const k0 = c[0], k1 = c[1], k2 = c[2], k3 = c[3], k4 = c[4];
return function match(e, ep) {
  let t0, t1;
  return hasValue((G[2] === ep ? V[2] : S.get(2, e, ep)), k4) && ((typeof (t0 = (G[0] === ep ? V[0] : S.get(0, e, ep))) === "string" ? (t0 === k0) : any(t0, k1) === true) && (typeof (t1 = (H[1] === ep ? L[1] : (H[1] = ep, L[1] = foldValue((G[1] === ep ? V[1] : S.get(1, e, ep)))))) === "string" ? (k2(t1)) : any(t1, k3) === true));
};
