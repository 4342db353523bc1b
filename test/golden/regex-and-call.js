// network where destination.port > 1024 and length(process.name) > 3 or dns.question.name regex ".*[.]onion"
"use strict";
const any = rt.any, isNullValue = rt.isNullValue, foldValue = rt.foldValue, compare = rt.compare;
const inValues = rt.inValues, fan = rt.fan, toTri = rt.toTri, not = rt.not, hasValue = rt.hasValue;
const V = S.V, G = S.G, L = S.L, H = S.H;
const k0 = c[0], k1 = c[1], k2 = c[2], k3 = c[3], k4 = c[4], k5 = c[5], k6 = c[6], k7 = c[7], k8 = c[8];
return function match(e, ep) {
  let t0, t1, t2, t3;
  return hasValue((G[3] === ep ? V[3] : S.get(3, e, ep)), k8) && ((((typeof (t0 = (G[0] === ep ? V[0] : S.get(0, e, ep))) === "number" && t0 - t0 === 0) ? (t0 > k0) : any(t0, k1) === true) && (compare(k4, (t1 = fan([(G[1] === ep ? V[1] : S.get(1, e, ep))], k2)), (t2 = k3), false, false, k5) === true)) || (typeof (t3 = (G[2] === ep ? V[2] : S.get(2, e, ep))) === "string" ? (k6(t3)) : any(t3, k7) === true));
};
