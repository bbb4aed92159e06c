import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import core
import gen_jpaas
gen_jpaas.build_all()
for name in sys.argv[1:]:
    __import__(name).build_all()
core.write_expected()
