"""The field's terms in Korean and English, so that a query in one language finds notes
written in the other (망각 게이트 finds forget gate, deadlock finds 교착 상태). One line per
thing, its names separated by `=`; a notes folder adds its own in `synonyms.txt` (same
form), and the pairs the notes write themselves (`교착 상태(deadlock)`) are found by the
index. Spellings that only sound alike (쓰레드, 스레드) need no line: text.loose folds them.
"""

TERMS = """
# deep learning: networks and training
인공 신경망 = 신경망 = 뉴럴 네트워크 = 뉴럴넷 = neural network = neural net
인공 신경망 = artificial neural network = ANN
심층 신경망 = deep neural network = DNN
합성곱 신경망 = 컨볼루션 신경망 = convolutional neural network = CNN
순환 신경망 = recurrent neural network = RNN
장단기 메모리 = long short-term memory = LSTM
게이트 순환 유닛 = gated recurrent unit = GRU
트랜스포머 = transformer
어텐션 = 주의 집중 = 주의 메커니즘 = attention = attention mechanism
셀프 어텐션 = 자기 주의 = self-attention = self attention
멀티 헤드 어텐션 = 다중 헤드 어텐션 = multi-head attention = multi head attention
어텐션 스코어 = 어텐션 점수 = attention score
어텐션 가중치 = attention weight
스케일드 닷 프로덕트 어텐션 = scaled dot-product attention
쿼리 = query
밸류 = value
인코더 = 부호기 = encoder
디코더 = 복호기 = decoder
임베딩 = 임베딩 벡터 = embedding
위치 인코딩 = 포지셔널 인코딩 = positional encoding = position encoding
토큰 = token
토크나이저 = tokenizer
어휘 = 단어장 = vocabulary
은닉 상태 = 히든 스테이트 = hidden state
은닉층 = 히든 레이어 = hidden layer
셀 상태 = cell state
망각 게이트 = 포겟 게이트 = forget gate
입력 게이트 = input gate
출력 게이트 = output gate
업데이트 게이트 = update gate
리셋 게이트 = reset gate
기울기 = 그래디언트 = 경사 = gradient
기울기 소실 = 그래디언트 소실 = 경사 소실 = vanishing gradient = gradient vanishing
기울기 폭발 = 그래디언트 폭발 = 경사 폭발 = exploding gradient = gradient exploding
기울기 클리핑 = 그래디언트 클리핑 = gradient clipping
경사 하강법 = 경사하강법 = gradient descent
확률적 경사 하강법 = stochastic gradient descent = SGD
역전파 = 오차 역전파 = backpropagation = back propagation = backprop
시간 역전파 = backpropagation through time = BPTT
순전파 = forward propagation = forward pass
손실 함수 = 비용 함수 = loss function = cost function
교차 엔트로피 = 크로스 엔트로피 = cross entropy = cross-entropy
평균 제곱 오차 = mean squared error = MSE
활성화 함수 = activation function
시그모이드 = sigmoid
하이퍼볼릭 탄젠트 = 쌍곡 탄젠트 = tanh = hyperbolic tangent
렐루 = ReLU = rectified linear unit
소프트맥스 = softmax
학습률 = learning rate
옵티마이저 = 최적화 기법 = optimizer
모멘텀 = momentum
아담 = Adam
배치 = batch
미니 배치 = 미니배치 = mini-batch = minibatch
에포크 = 에폭 = epoch
배치 정규화 = 배치 노멀라이제이션 = batch normalization = batchnorm
층 정규화 = 레이어 정규화 = 레이어 노멀라이제이션 = layer normalization = layernorm
정규화 = normalization
규제 = 정칙화 = regularization
드롭아웃 = 드랍아웃 = dropout
과적합 = 오버피팅 = overfitting
과소적합 = 언더피팅 = underfitting
가중치 = weight
편향 = bias
가중치 감쇠 = weight decay
초기화 = initialization
전이 학습 = transfer learning
미세 조정 = 파인 튜닝 = 파인튜닝 = fine-tuning = fine tuning
사전 학습 = 사전학습 = pre-training = pretraining
지도 학습 = supervised learning
비지도 학습 = unsupervised learning
강화 학습 = reinforcement learning
합성곱 = 컨볼루션 = convolution
필터 = filter
합성곱 커널 = convolution kernel
특성 맵 = 피처 맵 = feature map
특성 = 피처 = 특징량 = feature
풀링 = pooling
최대 풀링 = 맥스 풀링 = max pooling
평균 풀링 = average pooling
스트라이드 = 보폭 = stride
패딩 = padding
수용 영역 = 리셉티브 필드 = receptive field
완전 연결 층 = 완전연결층 = fully connected layer = dense layer
잔차 연결 = 스킵 연결 = residual connection = skip connection
잔차 학습 = residual learning
다층 퍼셉트론 = multilayer perceptron = MLP
퍼셉트론 = perceptron
뉴런 = neuron
레이어 = 계층 = layer
시퀀스 = 순서열 = sequence
시퀀스 투 시퀀스 = sequence to sequence = seq2seq
장기 의존성 = 장기의존성 = long-term dependency = long-term dependencies
장거리 의존성 = long-range dependency
교사 강요 = teacher forcing
빔 서치 = beam search
언어 모델 = language model
자연어 처리 = natural language processing = NLP
컴퓨터 비전 = computer vision
분류 = classification
회귀 = regression
정확도 = accuracy
정밀도 = precision
재현율 = recall
추론 = inference
파라미터 = 매개변수 = parameter
하이퍼파라미터 = hyperparameter
차원 = dimension
벡터 = vector
행렬 = matrix
텐서 = tensor
내적 = 점곱 = dot product
# operating systems
운영체제 = 운영 체제 = operating system = OS
프로세스 = process
스레드 = thread
멀티스레딩 = 멀티 스레딩 = multithreading
멀티프로세싱 = multiprocessing
문맥 교환 = 컨텍스트 스위칭 = 컨텍스트 스위치 = 문맥 전환 = context switch = context switching
프로세스 제어 블록 = process control block = PCB
스케줄링 = scheduling
스케줄러 = scheduler
선입선출 = 선입 선출 = first come first served = first-come first-served = FCFS = FIFO
최단 작업 우선 = shortest job first = SJF
최단 잔여 시간 우선 = shortest remaining time first = SRTF
라운드 로빈 = 라운드로빈 = round robin = RR
우선순위 스케줄링 = priority scheduling
다단계 큐 = 멀티레벨 큐 = multilevel queue = multilevel-queue
다단계 피드백 큐 = 멀티레벨 피드백 큐 = multilevel feedback queue = multilevel-feedback-queue = MLFQ
선점 = preemption = preemptive
비선점 = non-preemptive = nonpreemptive
기아 = 기아 상태 = starvation
에이징 = aging
타임 퀀텀 = 타임 슬라이스 = 시간 할당량 = time quantum = time slice
응답 시간 = response time
대기 시간 = waiting time
반환 시간 = 총 처리 시간 = turnaround time
처리량 = throughput
교착 상태 = 데드락 = deadlock
상호 배제 = mutual exclusion
점유 대기 = 점유와 대기 = hold and wait
비선점 조건 = no preemption
순환 대기 = circular wait
은행원 알고리즘 = banker's algorithm = bankers algorithm
경쟁 상태 = 경쟁 조건 = race condition
임계 구역 = 임계 영역 = critical section
동기화 = synchronization
세마포어 = semaphore
뮤텍스 = mutex
모니터 = monitor
스핀락 = spinlock
가상 메모리 = virtual memory
물리 메모리 = physical memory
주기억장치 = 주 기억장치 = 주기억 장치 = 메인 메모리 = main memory = primary memory
페이지 = page
페이징 = paging
페이지 폴트 = 페이지 부재 = page fault
페이지 교체 = page replacement
페이지 테이블 = page table
프레임 = frame
세그멘테이션 = segmentation
단편화 = fragmentation
내부 단편화 = internal fragmentation
외부 단편화 = external fragmentation
스래싱 = thrashing
작업 집합 = working set
최근 최소 사용 = least recently used = LRU
최소 빈도 사용 = least frequently used = LFU
최적 교체 = optimal replacement = OPT
지역성 = locality
변환 색인 버퍼 = 변환 참조 버퍼 = translation lookaside buffer = translation look-aside buffer = TLB
캐시 = cache
캐시 적중 = 캐시 히트 = cache hit
캐시 미스 = 캐시 실패 = cache miss
인터럽트 = interrupt
시스템 콜 = 시스템 호출 = system call
커널 = kernel
사용자 모드 = user mode
커널 모드 = kernel mode
파일 시스템 = file system
입출력 = input output = I/O
디스크 스케줄링 = disk scheduling
생산자 소비자 = producer consumer
식사하는 철학자 = dining philosophers
# databases
데이터베이스 = database = DB
데이터베이스 관리 시스템 = database management system = DBMS
관계형 데이터베이스 = relational database = RDBMS
트랜잭션 = transaction
원자성 = atomicity
일관성 = consistency
고립성 = 격리성 = isolation
지속성 = 영속성 = durability
격리 수준 = 고립 수준 = isolation level
커밋 = commit
롤백 = rollback
동시성 제어 = concurrency control
잠금 = 락 = lock
공유 락 = 공유 잠금 = shared lock
배타 락 = 배타 잠금 = exclusive lock
이단계 잠금 = 2단계 잠금 = two-phase locking = 2PL
더티 리드 = dirty read
반복 불가능 읽기 = non-repeatable read
팬텀 리드 = phantom read
직렬화 가능 = serializable
다중 버전 동시성 제어 = multiversion concurrency control = MVCC
정규화 = normalization
반정규화 = 비정규화 = denormalization
제1정규형 = 1정규형 = first normal form = 1NF
제2정규형 = 2정규형 = second normal form = 2NF
제3정규형 = 3정규형 = third normal form = 3NF
보이스 코드 정규형 = boyce-codd normal form = BCNF
함수 종속 = 함수적 종속 = functional dependency
이상 현상 = anomaly
기본 키 = 기본키 = 주키 = primary key = PK
외래 키 = 외래키 = foreign key = FK
후보 키 = 후보키 = candidate key
슈퍼 키 = 슈퍼키 = super key = superkey
대체 키 = 대체키 = alternate key
인덱스 = 색인 = index
비트리 = B 트리 = B-tree = btree
비플러스 트리 = B+ 트리 = B+tree = B+ tree
해시 인덱스 = hash index
클러스터형 인덱스 = 클러스터드 인덱스 = clustered index
조인 = join
내부 조인 = 이너 조인 = inner join
외부 조인 = 아우터 조인 = outer join
질의 = 쿼리 = query
스키마 = schema
릴레이션 = relation
튜플 = 레코드 = tuple = record
속성 = 애트리뷰트 = attribute
칼럼 = 컬럼 = column
무결성 = integrity
참조 무결성 = referential integrity
개체 무결성 = entity integrity
뷰 = view
저장 프로시저 = stored procedure
트리거 = trigger
회복 = 복구 = recovery
로그 = log
체크포인트 = checkpoint
# algorithms, data structures, networks, general
알고리즘 = algorithm
자료 구조 = 자료구조 = data structure
시간 복잡도 = time complexity
공간 복잡도 = space complexity
배열 = array
연결 리스트 = linked list
스택 = stack
큐 = 대기열 = queue
우선순위 큐 = priority queue
힙 = heap
트리 = tree
이진 트리 = binary tree
이진 탐색 트리 = binary search tree = BST
그래프 = graph
해시 테이블 = 해시테이블 = hash table
해시 함수 = hash function
정렬 = sort = sorting
탐색 = 검색 = search
이진 탐색 = binary search
너비 우선 탐색 = breadth-first search = BFS
깊이 우선 탐색 = depth-first search = DFS
동적 계획법 = 다이나믹 프로그래밍 = dynamic programming = DP
분할 정복 = divide and conquer
탐욕 알고리즘 = 그리디 알고리즘 = greedy algorithm
재귀 = recursion
프로토콜 = protocol
라우터 = router
패킷 = packet
전송 계층 = transport layer
네트워크 계층 = network layer
혼잡 제어 = congestion control
흐름 제어 = flow control
# more names written in Hangul as they sound, and terms of the same fields
텐서플로 = 텐서플로우 = tensorflow
파이토치 = pytorch
케라스 = keras
넘파이 = numpy
판다스 = pandas
머신 러닝 = 머신러닝 = 기계 학습 = machine learning = ML
딥 러닝 = 딥러닝 = 심층 학습 = deep learning = DL
인공지능 = 인공 지능 = artificial intelligence = AI
데이터셋 = 데이터 셋 = 데이터 세트 = dataset = data set
학습 데이터 = 훈련 데이터 = training data = training set
테스트 데이터 = 테스트 세트 = test set = test data
검증 데이터 = 검증 세트 = validation set = validation data
노이즈 = 잡음 = noise
편향 분산 트레이드오프 = bias-variance tradeoff = bias variance tradeoff
트레이드오프 = 트레이드 오프 = tradeoff = trade-off
일반화 = generalization
표준화 = standardization
선형 회귀 = linear regression
로지스틱 회귀 = logistic regression
가설 함수 = hypothesis function
볼츠만 머신 = boltzmann machine
원 샷 러닝 = one-shot learning = one shot learning
지역 최솟값 = 로컬 미니마 = local minima = local minimum
전역 최솟값 = 글로벌 미니멈 = global minimum
특징 추출 = feature extraction
오토인코더 = autoencoder
생성적 적대 신경망 = generative adversarial network = GAN
프레임워크 = framework
라이브러리 = library
인스턴스 = instance
오버헤드 = overhead
레지스터 = register
프로그램 카운터 = 프로그램 계수기 = program counter
스택 포인터 = stack pointer
누산기 = accumulator
명령어 = instruction
디스패치 = dispatch
디스패처 = dispatcher
스와핑 = swapping
스왑 = swap
버퍼 = buffer
버퍼 매니저 = 버퍼 관리자 = buffer manager
버퍼 관리 = buffer management
해시 = 해싱 = hash = hashing
스레드 세이프 = 스레드 안전 = thread-safe = thread safe
동기 = synchronous
비동기 = asynchronous
블로킹 = blocking
논블로킹 = non-blocking
사용자 수준 스레드 = 유저 레벨 스레드 = user-level thread
커널 수준 스레드 = 커널 레벨 스레드 = kernel-level thread
메모리 관리 = memory management
메모리 계층 = 기억장치 계층 = memory hierarchy
보조 기억장치 = 보조기억장치 = 보조 기억 장치 = secondary memory = auxiliary memory
보조기억장치 = secondary storage
휘발성 = volatile
비휘발성 = non-volatile = nonvolatile
캐시 메모리 = cache memory
적중률 = 히트율 = hit rate = hit ratio
시간 지역성 = 시간적 지역성 = temporal locality
공간 지역성 = 공간적 지역성 = spatial locality
순차 지역성 = 순차적 지역성 = sequential locality
가상 주소 = 논리 주소 = virtual address = logical address
물리 주소 = physical address
메모리 관리 장치 = memory management unit = MMU
준비 상태 = ready state
실행 상태 = running state
대기 상태 = waiting state
데드락 예방 = 교착 상태 예방 = deadlock prevention
데드락 회피 = 교착 상태 회피 = deadlock avoidance
데드락 탐지 = 교착 상태 탐지 = deadlock detection
비관적 락 = 비관적 잠금 = pessimistic lock = pessimistic locking
낙관적 락 = 낙관적 잠금 = optimistic lock = optimistic locking
컴파일러 = compiler
인터프리터 = interpreter
가비지 컬렉션 = garbage collection = GC
포인터 = pointer
참조 = 레퍼런스 = reference
객체 = 오브젝트 = object
클래스 = class
상속 = inheritance
다형성 = polymorphism
캡슐화 = encapsulation
추상화 = abstraction
인터페이스 = interface
메서드 = 메소드 = method
함수 = function
변수 = variable
재귀 함수 = 순환 함수 = recursive function
기저 사례 = 베이스 케이스 = base case
피보나치 = 피보나치 수 = 피보나치 수열 = fibonacci = fibonacci number = fibonacci sequence
팩토리얼 = 계승 = factorial
최대 공약수 = greatest common divisor = GCD
최소 공배수 = least common multiple = LCM
유클리드 호제법 = 유클리드 알고리즘 = euclidean algorithm = euclid method = euclid's algorithm
퀵 정렬 = 퀵 소트 = quick sort = quicksort
병합 정렬 = 합병 정렬 = 머지 소트 = merge sort = mergesort
버블 정렬 = bubble sort
삽입 정렬 = insertion sort
선택 정렬 = selection sort
힙 정렬 = heap sort = heapsort
계수 정렬 = counting sort
기수 정렬 = radix sort
안정 정렬 = stable sort
불안정 정렬 = unstable sort
피벗 = pivot
분할 = 파티션 = partition
빅오 = 빅 오 = big o = big-o
점근 표기법 = 점근적 표기법 = asymptotic notation
점근적 분석 = asymptotic analysis
최악의 경우 = worst case = worst-case
평균적인 경우 = 평균의 경우 = average case = average-case
최선의 경우 = best case = best-case
순차 탐색 = 선형 탐색 = sequential search = linear search
배낭 문제 = knapsack = knapsack problem
최장 증가 부분 수열 = 가장 긴 증가 수열 = longest increasing subsequence = LIS
메모이제이션 = memoization
거스름돈 문제 = coin change
최단 경로 = 최단 거리 = shortest path
플로이드 = 플로이드 와셜 = floyd = floyd-warshall
벨만 포드 = bellman-ford
다익스트라 = dijkstra
크루스칼 = kruskal
프림 = prim
위상 정렬 = topological sort
백트래킹 = backtracking
최소 신장 트리 = minimum spanning tree = MST
# more of the field, for notes on networks, sequences, systems and data
마스킹 = masking
마스크드 어텐션 = masked attention
피드 포워드 = 피드포워드 = feed forward = feed-forward = feed-forward network = FFN
채널 = channel
제로 패딩 = zero padding
타임 스텝 = 타임스텝 = time step
양방향 순환 신경망 = 양방향 RNN = bidirectional RNN
단어 임베딩 = 워드 임베딩 = word embedding
원 핫 인코딩 = 원핫 인코딩 = one-hot encoding = one hot encoding
시퀀스 길이 = sequence length
병렬화 = parallelization
메모리 누수 = memory leak
폴링 = polling
직접 메모리 접근 = direct memory access = DMA
샤딩 = sharding
파티셔닝 = partitioning
복제 = 레플리케이션 = replication
# databases, more
세이브포인트 = savepoint
테이블 = table
필드 = field
도메인 = domain
널 = null
유니크 키 = 유일 키 = 고유 키 = unique key
복합 키 = composite key
자연 키 = natural key
인조 키 = 대리 키 = surrogate key = artificial key
데이터 정의어 = data definition language = DDL
데이터 조작어 = data manipulation language = DML
데이터 제어어 = data control language = DCL
트랜잭션 제어어 = transaction control language = TCL
데이터 독립성 = data independence
데이터 무결성 = data integrity
데이터 일관성 = data consistency
데이터 중복성 = data redundancy
도메인 무결성 = domain integrity
언두 = undo
리두 = redo
다치 종속 = multivalued dependency
이행적 종속 = 이행 함수 종속 = transitive dependency
부분 함수 종속 = 부분 함수적 종속 = partial dependency
완전 함수 종속 = 완전 함수적 종속 = full functional dependency
삽입 이상 = insertion anomaly
갱신 이상 = 수정 이상 = update anomaly
삭제 이상 = deletion anomaly
# networks, more
오에스아이 = OSI
OSI 7계층 = OSI 7 계층 = osi 7 layer = OSI model = OSI 모델
응용 계층 = 애플리케이션 계층 = 어플리케이션 계층 = application layer
표현 계층 = presentation layer
세션 계층 = session layer
데이터 링크 계층 = data link layer
물리 계층 = physical layer
인터넷 계층 = internet layer
가상 회선 = virtual circuit
데이터그램 = datagram
패킷 교환 = packet switching
회선 교환 = circuit switching
연결 지향 = connection-oriented = connection oriented
비연결 = 비연결형 = connectionless
신뢰성 = reliability
핸드셰이크 = 핸드쉐이크 = handshake = handshaking
쓰리 웨이 핸드셰이크 = 3 웨이 핸드셰이크 = three-way handshake = 3-way handshake = 3 way handshake
포 웨이 핸드셰이크 = 4 웨이 핸드셰이크 = four-way handshake = 4-way handshake = 4 way handshake
시퀀스 번호 = sequence number
확인 응답 = acknowledgement = acknowledgment = ACK
클라이언트 = client
서버 = server
세션 = session
쿠키 = cookie
소켓 = socket
포트 = port
헤더 = header
페이로드 = payload
라우팅 = routing
프록시 = proxy
리버스 프록시 = reverse proxy
캐싱 = caching
브로드캐스트 = broadcast = broadcasting
멀티캐스트 = multicast
유니캐스트 = unicast
대역폭 = bandwidth
지연 시간 = 레이턴시 = latency
로드 밸런싱 = 로드밸런싱 = 부하 분산 = load balancing
로드 밸런서 = 로드밸런서 = load balancer
정적 부하 분산 = static load balancing
동적 부하 분산 = dynamic load balancing
가중치 라운드 로빈 = weighted round robin
최소 연결 = least connection
최소 응답 시간 = least response time
스위치 = switch
스케일 업 = scale up = scale-up
스케일 아웃 = scale out = scale-out
도메인 네임 시스템 = domain name system = DNS
프로세서 = processor
코어 = core
메모리 = memory
램 = RAM = random access memory
롬 = ROM = read only memory
디램 = DRAM = dynamic ram
에스램 = SRAM = static ram
하드 디스크 = 하드디스크 = hard disk = HDD
버스 = bus
"""
