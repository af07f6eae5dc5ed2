import chromadb, json, sys
c = chromadb.PersistentClient(path="/tmp/explore27/.kb/chroma")
out = []
for col in c.list_collections():
    name = col if isinstance(col, str) else col.name
    coll = c.get_collection(name)
    got = coll.get(include=["documents", "metadatas"])
    for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]):
        out.append({"collection": name, "id": i, "text": d, **{k: v for k, v in (m or {}).items() if k not in ("head_vec", "heading_vector")}})
json.dump(out, open("/tmp/explore27/chunks.json", "w"), indent=1)
print(len(out))
from collections import Counter
print(Counter(o["collection"] for o in out))
print(sorted(set(k for o in out for k in o)))
